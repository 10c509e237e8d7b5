/* mc_floor: the Monte Carlo's drawing floor.  Draws DRAWS x PER standard
 * normals with GSL's MT19937 generator and gsl_ran_gaussian_ziggurat, the
 * generator and method assess draws its normal errors with, and keeps only
 * their sum: the least any Monte Carlo of that many random numbers must do.
 * Prints the sum and the processor time of the loop.  Not part of assess.
 *
 * usage: mc_floor DRAWS PER [SEED] */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static long number(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    return *end || v < 1 ? -1 : v;
}

int main(int argc, char **argv)
{
    long draws = argc >= 3 ? number(argv[1]) : -1, per = argc >= 3 ? number(argv[2]) : -1;
    long seed = argc >= 4 ? number(argv[3]) : 1;
    if (draws < 0 || per < 0 || seed < 0) {
        fprintf(stderr, "usage: mc_floor DRAWS PER [SEED]\n");
        return 2;
    }
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    if (!g)
        return 1;
    gsl_rng_set(g, (unsigned long)seed);
    double t0 = cpu_seconds(), sum = 0;
    for (long d = 0; d < draws; d++)
        for (long k = 0; k < per; k++)
            sum += gsl_ran_gaussian_ziggurat(g, 1.0);
    double t = cpu_seconds() - t0;
    gsl_rng_free(g);
    printf("%ld normals, sum %.6g, drawn in %.4f s of processor time\n", draws * per, sum, t);
    return 0;
}
