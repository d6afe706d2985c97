/** Share of non-empty sampled values that must fit a type for a column to get it. */
export const TYPE_TOLERANCE = 0.98;
