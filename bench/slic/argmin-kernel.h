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

static void scan(const double *features, int *labels, const int *previous, double w) {
  for (int y = 0; y < BLOCK; y++) {
    const int yo = 3 + y;
    for (int x = 0; x < BLOCK; x++) {
      const int p = y * BLOCK + x, f = 3 * p, xo = 3 + BLOCK + x;
      const double f0 = features[f], f1 = features[f + 1], f2 = features[f + 2];
      const int q = previous[p], oq = q * PACKED;
      const double a = f0 - packed[oq], b = f1 - packed[oq + 1], c = f2 - packed[oq + 2];
      double best = (packed[oq + yo] + packed[oq + xo]) * w + (a * a + b * b + c * c);
      int bestI = q;
      for (int i = 0, o = 0; i < CANDIDATES; i++, o += PACKED) {
        const double a = f0 - packed[o], b = f1 - packed[o + 1], c = f2 - packed[o + 2];
        const double d = (packed[o + yo] + packed[o + xo]) * w + (a * a + b * b + c * c);
        if (d < best || (d == best && i < bestI)) {
          best = d;
          bestI = i;
        }
      }
      labels[p] = bestI;
    }
  }
}
