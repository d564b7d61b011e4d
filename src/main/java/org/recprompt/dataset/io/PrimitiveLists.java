package org.recprompt.dataset.io;

import java.util.Arrays;

/** Growable arrays of primitives, so that millions of rows never become millions of objects. */
final class PrimitiveLists {

    private PrimitiveLists() {
    }

    static int grow(int capacity) {
        long next = Math.max(16, (long) capacity + (capacity >> 1));
        if (next > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("more than " + (Integer.MAX_VALUE - 8) + " rows");
        }
        return (int) next;
    }

    static final class Ints {
        int[] data = new int[1024];
        int size;

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, grow(size));
            }
            data[size++] = v;
        }

        int[] toArray() {
            return data.length == size ? data : Arrays.copyOf(data, size);
        }
    }

    static final class Floats {
        float[] data = new float[1024];
        int size;

        void add(float v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, grow(size));
            }
            data[size++] = v;
        }

        float[] toArray() {
            return data.length == size ? data : Arrays.copyOf(data, size);
        }
    }

    static final class Longs {
        long[] data = new long[1024];
        int size;

        void add(long v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, grow(size));
            }
            data[size++] = v;
        }

        long[] toArray() {
            return data.length == size ? data : Arrays.copyOf(data, size);
        }
    }
}
