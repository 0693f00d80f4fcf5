/*
 * A tight C loop for the Monte Carlo of Benchmarks/scenarios/uncertain-10-programs.json: the
 * anchor `bench-montecarlo` times `alignscale evaluate --samples N` against.
 *
 * The same work per sample as the Swift code, written as plainly and as fast as C allows: the
 * same generator (xoshiro256** seeded by SplitMix64, one stream per block of 4096 samples), the
 * same 256-layer ziggurat for normals, Marsaglia–Tsang gammas (boosted below shape 1), betas as
 * gamma ratios, Dirichlet beliefs (concentration 20), readiness c − (c − b)·exp(−x/s), and the
 * closed form over the six usable states of the three required programs (rlhf → scalable
 * oversight → AI-assisted oversight; interpretability → misalignment experiments), each in O(N + P)
 * with prefix and suffix products. OpenMP over blocks; per-thread sums reduced at the end.
 *
 * The scenario is written into the tables below (the benchmark script checks that the mean
 * agrees with alignscale's within their standard errors, which would catch a table that does not
 * match the file).
 *
 * Build: cc -O3 -march=native -fopenmp -o montecarlo_reference montecarlo_reference.c -lm
 * Usage: montecarlo_reference SAMPLES [SEED]   prints {"mean": …, "stderr": …, "samples": …}
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { P = 10, N = 10, BLOCK = 4096, LAYERS = 256 };
enum { POINT, BETA, CI90, LOGNORMAL, UNIFORM, TRIANGULAR };

/* A gamma shape with the Marsaglia–Tsang constants worked out once. */
typedef struct { double shape, d, c, inverse; int boosted; } gshape;
typedef struct { int kind; double a, b, c; gshape ga, gb; } dist;

/* The programs of uncertain-10-programs.json, in file order. */
static dist baseline[P] = {
    {BETA, 19, 1}, {BETA, 17, 3}, {BETA, 7, 13}, {BETA, 4, 16}, {BETA, 2, 18},
    {BETA, 1, 19}, {BETA, 1.5, 48.5}, {BETA, 1, 99}, {BETA, 6, 14}, {BETA, 1, 19}};
static dist scale[P] = {
    {CI90, 10, 40}, {CI90, 12, 50}, {CI90, 30, 120}, {CI90, 50, 200}, {CI90, 100, 600},
    {CI90, 150, 1000}, {CI90, 300, 3000}, {LOGNORMAL, 8, 0.7}, {CI90, 20, 120}, {CI90, 50, 400}};
static dist backfire[P] = {
    {BETA, 6, 14}, {BETA, 5, 15}, {TRIANGULAR, 0.05, 0.15, 0.3}, {BETA, 2, 18}, {BETA, 1, 19},
    {UNIFORM, 0, 0.05}, {UNIFORM, 0, 0.02}, {UNIFORM, 0, 0.02}, {UNIFORM, 0, 0.02}, {UNIFORM, 0, 0.02}};
static dist evidence[P] = {
    {UNIFORM, 0, 0.05}, {UNIFORM, 0, 0.05}, {BETA, 1, 19}, {BETA, 1, 19}, {BETA, 4, 16},
    {BETA, 6, 14}, {BETA, 1, 19}, {UNIFORM, 0, 0.02}, {UNIFORM, 0, 0.05}, {BETA, 10, 10}};
static dist misuse_reduction[P] = {
    {POINT, 0}, {POINT, 0}, {POINT, 0}, {POINT, 0}, {POINT, 0},
    {POINT, 0}, {POINT, 0}, {POINT, 0}, {BETA, 12, 8}, {POINT, 0}};
static const double ceiling[P] = {1, 1, 1, 1, 1, 1, 1, 0.5, 1, 1};
static dist stop_baseline = {BETA, 4, 16}, misuse_baseline = {BETA, 2, 18};
static const double beliefs[N] = {0.05, 0.1, 0.15, 0.15, 0.15, 0.12, 0.1, 0.08, 0.05, 0.05};
static const double concentration = 20;
static const double allocation[P] = {5, 10, 15, 10, 20, 10, 5, 5, 10, 10};
/* Programs 0..7 are the techniques of levels 2..9, in order; 8 and 9 are not techniques. */

/* ---- the generator and the ziggurat, as the Swift code has them ---- */
typedef struct { uint64_t s[4]; } rng;

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static void seed(rng *g, uint64_t seed, uint64_t stream) {
    uint64_t x = seed ^ (stream * 0x9E3779B97F4A7C15ULL) ^ 0xD1B54A32D192ED03ULL;
    for (int i = 0; i < 4; i++) {
        x += 0x9E3779B97F4A7C15ULL;
        uint64_t z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        g->s[i] = z ^ (z >> 31);
    }
}

static inline uint64_t next(rng *g) {
    uint64_t *s = g->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

static inline double uniform(rng *g) { return ((double)(next(g) >> 11) + 0.5) * 0x1.0p-53; }

static double zx[LAYERS + 1], zf[LAYERS + 1];
static const double R = 3.6541528853610088, AREA = 0.00492867323399;

static void ziggurat_setup(void) {
    zx[0] = AREA / exp(-0.5 * R * R);
    zx[1] = R;
    for (int i = 1; i < LAYERS - 1; i++) zx[i + 1] = sqrt(-2 * log(AREA / zx[i] + exp(-0.5 * zx[i] * zx[i])));
    zx[LAYERS] = 0;
    for (int i = 0; i <= LAYERS; i++) zf[i] = exp(-0.5 * zx[i] * zx[i]);
}

static inline double normal(rng *g) {
    for (;;) {
        uint64_t bits = next(g);
        int i = (int)(bits & 0xFF);
        double u = ((double)(bits >> 11) * 0x1.0p-52) - 1, z = u * zx[i];
        if (fabs(z) < zx[i + 1]) return z;
        if (i == 0) {
            double a, b;
            do {
                a = -log(((double)(next(g) >> 11) + 0.5) * 0x1.0p-53) / R;
                b = -log(((double)(next(g) >> 11) + 0.5) * 0x1.0p-53);
            } while (2 * b < a * a);
            return u < 0 ? -(R + a) : R + a;
        }
        double y = zf[i] + ((double)(next(g) >> 11) * 0x1.0p-53) * (zf[i + 1] - zf[i]);
        if (y < exp(-0.5 * z * z)) return z;
    }
}

static gshape shape_of(double shape) {
    gshape s = {shape, 0, 0, 1 / shape, shape < 1};
    s.d = (s.boosted ? shape + 1 : shape) - 1.0 / 3;
    s.c = 1 / sqrt(9 * s.d);
    return s;
}

static inline double gamma_draw(rng *g, const gshape *s) {
    double d = s->d, c = s->c;
    for (;;) {
        double x, v;
        do {
            x = normal(g);
            v = 1 + c * x;
        } while (v <= 0);
        v = v * v * v;
        double u = uniform(g), x2 = x * x;
        if (u < 1 - 0.0331 * x2 * x2 || log(u) < 0.5 * x2 + d * (1 - v + log(v)))
            return s->boosted ? d * v * pow(uniform(g), s->inverse) : d * v;
    }
}

static inline double draw(rng *g, const dist *d) {
    switch (d->kind) {
    case BETA: {
        double x = gamma_draw(g, &d->ga), y = gamma_draw(g, &d->gb);
        return x / (x + y);
    }
    case CI90: {
        double mu = (log(d->a) + log(d->b)) / 2, sigma = (log(d->b) - log(d->a)) / (2 * 1.6448536269514722);
        return exp(mu + sigma * normal(g));
    }
    case LOGNORMAL: return exp(d->a + d->b * normal(g));
    case UNIFORM: return d->a + (d->b - d->a) * uniform(g);
    case TRIANGULAR: {
        double p = uniform(g), a = d->a, m = d->b, b = d->c;
        return p < (m - a) / (b - a) ? a + sqrt(p * (b - a) * (m - a)) : b - sqrt((1 - p) * (b - a) * (b - m));
    }
    default: return d->a;
    }
}

/* ---- the closed form ---- */
/* Σ_k p_k·P(safe | k) for effective readiness r (no requirements left). */
static inline double closed_form(const double *r, const double *h, const double *t, const double *u, const double *p,
                                 double q0, double m0) {
    /* Techniques 0..7 at levels 2..9. suffixNR[i] = Π_{t ≥ i}(1 − r_t); prefix products over
       techniques below a level, times the non-techniques 8 and 9. */
    double suffixNR[9], preMI[9], preCO[9], preQU[9];
    suffixNR[8] = 1;
    for (int i = 7; i >= 0; i--) suffixNR[i] = suffixNR[i + 1] * (1 - r[i]);
    double otherMI = (1 - u[8] * r[8]) * (1 - u[9] * r[9]);
    double otherCO = (1 - h[8] * r[8]) * (1 - h[9] * r[9]);
    double otherQU = (1 - t[8] * r[8]) * (1 - t[9] * r[9]);
    preMI[0] = otherMI;
    preCO[0] = otherCO;
    preQU[0] = otherQU;
    for (int i = 0; i < 8; i++) {
        preMI[i + 1] = preMI[i] * (1 - u[i] * r[i]);
        preCO[i + 1] = preCO[i] * (1 - h[i] * r[i]);
        preQU[i + 1] = preQU[i] * (1 - t[i] * r[i]);
    }
    double misuseAll = preMI[8], quiet = 1 - q0;
    double total = p[0] * (1 - m0 * misuseAll); /* level 1: aligned by default */
    for (int k = 2; k <= N; k++) {
        int below = k - 2 < 8 ? k - 2 : 8; /* techniques at levels below k */
        double nk = suffixNR[below];      /* no sufficient technique is ready */
        total += p[k - 1] * ((1 - nk) - m0 * (misuseAll - nk * preMI[below]) + nk * (preCO[below] - quiet * preQU[below]));
    }
    return total;
}

/* V at the allocation for one draw: the six usable states of the required programs. */
static inline double safety(const double *R0, const double *h, const double *t, const double *u, const double *p, double q0,
                            double m0) {
    double r[P], total = 0;
    for (int chain = 0; chain <= 2; chain++) {
        double wc = chain == 0 ? 1 - R0[0] : chain == 1 ? R0[0] * (1 - R0[2]) : R0[0] * R0[2];
        for (int interp = 0; interp <= 1; interp++) {
            double w = wc * (interp ? R0[4] : 1 - R0[4]);
            for (int j = 0; j < P; j++) r[j] = R0[j];
            r[0] = chain >= 1;
            r[2] = chain >= 2;
            r[3] = chain >= 2 ? R0[3] : 0;
            r[4] = interp;
            r[5] = interp ? R0[5] : 0;
            total += w * closed_form(r, h, t, u, p, q0, m0);
        }
    }
    return total;
}

static void prepare(dist *d) {
    if (d->kind == BETA) {
        d->ga = shape_of(d->a);
        d->gb = shape_of(d->b);
    }
}

int main(int argc, char **argv) {
    long samples = argc > 1 ? atol(argv[1]) : 1000000;
    uint64_t seed_value = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
    ziggurat_setup();
    for (int j = 0; j < P; j++) {
        prepare(&baseline[j]);
        prepare(&backfire[j]);
        prepare(&evidence[j]);
        prepare(&misuse_reduction[j]);
    }
    prepare(&stop_baseline);
    prepare(&misuse_baseline);
    gshape dirichlet[N];
    for (int k = 0; k < N; k++) dirichlet[k] = shape_of(concentration * beliefs[k]);
    long blocks = (samples + BLOCK - 1) / BLOCK;
    double sum = 0, squares = 0;
#pragma omp parallel for schedule(dynamic, 1) reduction(+ : sum, squares)
    for (long block = 0; block < blocks; block++) {
        rng g;
        seed(&g, seed_value, (uint64_t)block);
        long end = (block + 1) * BLOCK < samples ? (block + 1) * BLOCK : samples;
        for (long s = block * BLOCK; s < end; s++) {
            double R0[P], h[P], t[P], u[P], p[N], totalP = 0;
            for (int j = 0; j < P; j++) {
                double b = draw(&g, &baseline[j]), sc = draw(&g, &scale[j]);
                h[j] = draw(&g, &backfire[j]);
                double e = draw(&g, &evidence[j]);
                u[j] = draw(&g, &misuse_reduction[j]);
                t[j] = 1 - (1 - e) * (1 - h[j]);
                R0[j] = ceiling[j] - (ceiling[j] - b) * exp(-allocation[j] / sc);
            }
            double q0 = draw(&g, &stop_baseline), m0 = draw(&g, &misuse_baseline);
            for (int k = 0; k < N; k++) totalP += (p[k] = gamma_draw(&g, &dirichlet[k]));
            for (int k = 0; k < N; k++) p[k] /= totalP;
            double v = safety(R0, h, t, u, p, q0, m0);
            sum += v;
            squares += v * v;
        }
    }
    double mean = sum / samples, variance = (squares - samples * mean * mean) / (samples - 1);
    printf("{\"mean\": %.12f, \"stderr\": %.12f, \"samples\": %ld}\n", mean, sqrt(variance / samples), samples);
    return 0;
}
