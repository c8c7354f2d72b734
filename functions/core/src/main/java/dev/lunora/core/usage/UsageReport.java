package dev.lunora.core.usage;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Channel running time and destination streaming time over whole UTC days, with an estimated cost.
 *
 * @param days   every day of the range, in order, zeros included (so a chart has no gaps)
 * @param months every month the range touches
 */
public record UsageReport(LocalDate from, LocalDate to, double hourlyRateUsd, String rateSource, List<Period> days,
                          List<Period> months, List<DestinationTotal> destinations, Period total) {

    /**
     * @param label              {@code 2026-11-24}, {@code 2026-11} or {@code total}
     * @param destinationSeconds by destination id
     */
    public record Period(String label, double channelSeconds, Map<String, Double> destinationSeconds, double estimatedCostUsd) {
    }

    /** @param name null for a destination deleted since */
    public record DestinationTotal(String destinationId, String name, double seconds) {
    }
}
