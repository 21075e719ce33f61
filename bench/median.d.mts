/** The median of `values` (the mean of the two middle values for an even count). */
export declare function median(values: readonly number[]): number;
