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

        /** The values, trimmed; the list lets go of its buffer so only one copy is alive. */
        int[] toArray() {
            int[] out = data.length == size ? data : Arrays.copyOf(data, size);
            data = new int[0];
            size = 0;
            return out;
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

        /** The values, trimmed; the list lets go of its buffer so only one copy is alive. */
        float[] toArray() {
            float[] out = data.length == size ? data : Arrays.copyOf(data, size);
            data = new float[0];
            size = 0;
            return out;
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

        /** The values, trimmed; the list lets go of its buffer so only one copy is alive. */
        long[] toArray() {
            long[] out = data.length == size ? data : Arrays.copyOf(data, size);
            data = new long[0];
            size = 0;
            return out;
        }
    }
}
