/*
 * The C half of argmin-kernel.mjs (see there): the same synthetic blocks and the same
 * per-pixel argmin, compiled by gcc. Prints "<checksum> <median ns per distance>".
 * Build with -ffp-contract=off so that gcc does not fuse multiply-adds (which would
 * change the distances' bits).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The same constants as argmin-kernel.mjs; the checksum shows that both computed the same labels. */
#define BLOCK 16
#define CANDIDATES 8
#define PACKED (3 + 2 * BLOCK)
#define BLOCKS 64
#define REPEATS 200
#define RUNS 7
#define WEIGHT 0.3

static double packed[CANDIDATES * PACKED];

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

static unsigned seed = 1;
static double rnd(void) {
  seed = seed * 1103515245u + 12345u;
  return seed / 4294967296.0;
}

static int compare(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(void) {
  static double packs[BLOCKS][CANDIDATES * PACKED], features[BLOCKS][BLOCK * BLOCK * 3];
  static int previous[BLOCKS][BLOCK * BLOCK];
  int labels[BLOCK * BLOCK];
  for (int k = 0; k < BLOCKS; k++) {
    double *cand = packs[k];
    for (int i = 0; i < CANDIDATES; i++) {
      const int o = i * PACKED;
      cand[o] = rnd() * 20;
      cand[o + 1] = rnd() * 20 - 10;
      cand[o + 2] = rnd() * 20 - 10;
      const double cy = rnd() * 40 - 12, cx = rnd() * 40 - 12;
      for (int y = 0; y < BLOCK; y++) cand[o + 3 + y] = (y - cy) * (y - cy) / 100;
      for (int x = 0; x < BLOCK; x++) cand[o + 3 + BLOCK + x] = (x - cx) * (x - cx) / 100;
    }
    double *f = features[k];
    double b0 = rnd() * 20, b1 = rnd() * 20 - 10, b2 = rnd() * 20 - 10;
    for (int p = 0; p < BLOCK * BLOCK; p++) {
      if (rnd() < 0.2) {
        b0 = rnd() * 20;
        b1 = rnd() * 20 - 10;
        b2 = rnd() * 20 - 10;
      }
      f[3 * p] = b0 + rnd() * 3;
      f[3 * p + 1] = b1 + rnd() * 3;
      f[3 * p + 2] = b2 + rnd() * 3;
    }
  }
  // Each pixel's previous centre: the true argmin, replaced by a random one for 10%.
  const int zeros[BLOCK * BLOCK] = {0};
  for (int k = 0; k < BLOCKS; k++) {
    for (int i = 0; i < CANDIDATES * PACKED; i++) packed[i] = packs[k][i];
    scan(features[k], labels, zeros, WEIGHT);
    for (int p = 0; p < BLOCK * BLOCK; p++) previous[k][p] = rnd() < 0.1 ? (int)(rnd() * CANDIDATES) : labels[p];
  }
  long checksum = 0;
  for (int k = 0; k < BLOCKS; k++) {
    for (int i = 0; i < CANDIDATES * PACKED; i++) packed[i] = packs[k][i];
    scan(features[k], labels, previous[k], WEIGHT);
    for (int p = 0; p < BLOCK * BLOCK; p++) checksum += (long)labels[p] * (p + 1);
  }
  double times[RUNS];
  for (int r = 0; r < RUNS; r++) {
    struct timespec t0, t1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    for (int k = 0; k < BLOCKS; k++) {
      for (int i = 0; i < CANDIDATES * PACKED; i++) packed[i] = packs[k][i];
      for (int j = 0; j < REPEATS; j++) scan(features[k], labels, previous[k], WEIGHT);
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    const double ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
    times[r] = ns / ((double)BLOCKS * REPEATS * BLOCK * BLOCK * (CANDIDATES + 1));
  }
  qsort(times, RUNS, sizeof times[0], compare);
  printf("%ld %.3f\n", checksum, times[RUNS / 2]);
  return 0;
}
