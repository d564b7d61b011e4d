package org.recprompt.backend;

/** Adds the cost of each answered call from a {@link PriceTable}; cached answers cost nothing. */
public final class CostingBackend implements Backend {

    private final Backend inner;
    private final PriceTable prices;
    private final String model;

    public CostingBackend(Backend inner, PriceTable prices, String model) {
        this.inner = inner;
        this.prices = prices;
        this.model = model;
    }

    @Override
    public BackendResult generate(BackendRequest request) {
        BackendResult r = inner.generate(request);
        return r.cached() ? r.withCost(0) : r.withCost(prices.cost(model, r.usage()));
    }
}
