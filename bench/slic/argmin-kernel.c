/*
 * The C half of argmin-kernel.mjs (see there): the same per-pixel argmin, compiled by
 * gcc, on the synthetic blocks that script writes to a file (its only argument).
 * Prints "<checksum> <median ns per distance>".
 * Build with -ffp-contract=off so that gcc does not fuse multiply-adds (which would
 * change the distances' bits).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "argmin-kernel.h"

/* The same constants as argmin-kernel.mjs. */
#define BLOCKS 64
#define REPEATS 200
#define RUNS 7
#define WEIGHT 0.3

static int compare(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  static double packs[BLOCKS][CANDIDATES * PACKED], features[BLOCKS][BLOCK * BLOCK * 3];
  static int previous[BLOCKS][BLOCK * BLOCK];
  int labels[BLOCK * BLOCK];
  // The blocks as argmin-kernel.mjs wrote them: candidates, features, previous centres.
  FILE *in = argc == 2 ? fopen(argv[1], "rb") : NULL;
  if (in == NULL || fread(packs, sizeof packs, 1, in) != 1 || fread(features, sizeof features, 1, in) != 1 ||
      fread(previous, sizeof previous, 1, in) != 1) {
    fprintf(stderr, "usage: argmin-kernel <blocks file written by argmin-kernel.mjs>\n");
    return 2;
  }
  fclose(in);
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
