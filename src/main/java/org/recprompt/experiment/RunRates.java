package org.recprompt.experiment;

import java.util.LinkedHashMap;
import java.util.Map;

import org.recprompt.base.EtaEstimator;

/**
 * The rates behind a run's ETAs, one {@link EtaEstimator} per backend (its lane: its variants share
 * its workers) and one per variant, each beginning when its first call starts. A rate is known only
 * once more calls finished than the backend has in flight (its concurrency): the first of eight
 * calls sent together says nothing about the pace, and an ETA from it would be several times too
 * long, then several times shorter a moment later. Times are milliseconds of one monotonic source.
 */
final class RunRates {

    private final Map<String, EtaEstimator> lanes = new LinkedHashMap<>();
    private final Map<String, EtaEstimator> variants = new LinkedHashMap<>();
    private final Map<String, String> laneOf = new LinkedHashMap<>();

    /**
     * @param backendOf each variant's backend id
     * @param concurrency each backend's calls in flight at most
     */
    RunRates(Map<String, String> backendOf, Map<String, Integer> concurrency) {
        backendOf.forEach((variant, backend) -> {
            int inFlight = Math.max(1, concurrency.getOrDefault(backend, 1));
            lanes.computeIfAbsent(backend, b -> estimator(inFlight));
            variants.put(variant, estimator(inFlight));
            laneOf.put(variant, backend);
        });
    }

    private static EtaEstimator estimator(int inFlight) {
        return new EtaEstimator(Math.max(EtaEstimator.MIN_UNITS, inFlight + 1), EtaEstimator.MIN_ELAPSED_MS,
                EtaEstimator.WINDOW_MS);
    }

    /** A call of the variant starts: its variant's and its backend's phase begin with their first call. */
    void started(String variant, long now) {
        begin(variants.get(variant), now);
        begin(lanes.get(laneOf.get(variant)), now);
    }

    private static void begin(EtaEstimator e, long now) {
        if (e != null) {
            synchronized (e) {
                if (!e.begun()) {
                    e.begin(now);
                }
            }
        }
    }

    /** A call of the variant finished (an answer or an error: either is a call done). */
    void finished(String variant, long now) {
        EtaEstimator v = variants.get(variant);
        if (v != null) {
            v.worked(now, 1);
            lanes.get(laneOf.get(variant)).worked(now, 1);
        }
    }

    /** The variant's calls per second, 0 until known. */
    double variantRate(String variant, long now) {
        EtaEstimator v = variants.get(variant);
        return v == null ? 0 : v.rate(now);
    }

    /** Each backend's calls per second, 0 until known. */
    Map<String, Double> laneRates(long now) {
        Map<String, Double> out = new LinkedHashMap<>();
        lanes.forEach((backend, e) -> out.put(backend, e.rate(now)));
        return out;
    }
}
