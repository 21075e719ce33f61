/*
 * The scans' kernel shared by argmin-kernel.c (gcc) and argmin-kernel-wasm.c (clang
 * for wasm32, scalar build): per pixel of a block, the previous centre's distance, then
 * every candidate's, scikit-image's expression, ties to the lower index. The constants
 * are argmin-kernel.mjs's; its checksums show that every build computes the same labels.
 */
#define BLOCK 16
#define CANDIDATES 8
#define PACKED (3 + 2 * BLOCK)

/* The current block's candidates: colour, then BLOCK row terms, then BLOCK column terms. */
double packed[CANDIDATES * PACKED];

/*
 * The distance of the candidate at offset `o` of `packed` to a pixel of colour f0..f2
 * at row term `yo` and column term `xo`: scikit-image's expression, in its order.
 */
static inline double distance(int o, double f0, double f1, double f2, int yo, int xo, double w) {
  const double a = f0 - packed[o], b = f1 - packed[o + 1], c = f2 - packed[o + 2];
  return (packed[o + yo] + packed[o + xo]) * w + (a * a + b * b + c * c);
}

static void scan(const double *features, int *labels, const int *previous, double w) {
  for (int y = 0; y < BLOCK; y++) {
    const int yo = 3 + y;
    for (int x = 0; x < BLOCK; x++) {
      const int p = y * BLOCK + x, f = 3 * p, xo = 3 + BLOCK + x;
      const double f0 = features[f], f1 = features[f + 1], f2 = features[f + 2];
      const int q = previous[p];
      double best = distance(q * PACKED, f0, f1, f2, yo, xo, w);
      int bestI = q;
      for (int i = 0, o = 0; i < CANDIDATES; i++, o += PACKED) {
        const double d = distance(o, f0, f1, f2, yo, xo, w);
        if (d < best || (d == best && i < bestI)) {
          best = d;
          bestI = i;
        }
      }
      labels[p] = bestI;
    }
  }
}
