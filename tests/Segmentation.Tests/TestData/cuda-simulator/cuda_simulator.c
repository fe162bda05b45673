/*
 * A CPU simulator of the CUDA runtime / cuBLAS / cuDNN 9 entry points the CUDA backend calls, for tests on
 * machines without a GPU. It is OUR reading of the documented semantics (written from the same header text as
 * the backend), so it checks the backend's plumbing - argument order and widths of every P/Invoke signature,
 * descriptor use, residency, staging, the memory pool, plan and algorithm caching, the fused/unfused and
 * cuBLAS/cuDNN choices - end to end, but not NVIDIA's implementation. "Device" memory is host memory, streams
 * are in order. Asynchrony is modelled where host memory is involved: every cudaMemcpy*Async / cudaMemsetAsync is
 * queued and runs only at the next synchronisation (stream or event synchronise, cudaFree) or before the next
 * library call that computes, so host code that reuses a pinned buffer before its copy has drained, or reads a
 * download before synchronising, sees wrong data here as it would on a GPU. Built by the tests with
 * cc -O2 -shared -fPIC -o libsim.so cuda_simulator.c -ldl and copied under every soname the backend loads (each
 * copy is loaded separately; the cuDNN and cuBLAS copies flush the queue of the runtime copy beside them).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OK 0
#define BAD_PARAM 2000
#define NOT_SUPPORTED 3000

/* ---------------- the copy queue ---------------- */
typedef struct { char *dst; const char *src; size_t dpitch, spitch, width, height; int set; int value; } Copy;
static Copy *queue; static size_t queued, capacity;
static void enqueue(Copy c)
{
    if (queued == capacity) { capacity = capacity ? 2 * capacity : 64; queue = realloc(queue, capacity * sizeof(Copy)); }
    queue[queued++] = c;
}
void cudaSimFlush(void)
{
    for (size_t i = 0; i < queued; i++)
    {
        Copy c = queue[i];
        for (size_t r = 0; r < c.height; r++)
            if (c.set) memset(c.dst + r * c.dpitch, c.value, c.width);
            else memmove(c.dst + r * c.dpitch, c.src + r * c.spitch, c.width);
    }
    queued = 0;
}
/* The runtime copy's flush, found from a cuDNN or cuBLAS copy through the file beside it. */
static void flush(void)
{
    static void (*runtime)(void);
    if (!runtime)
    {
        Dl_info self;
        char path[4096];
        if (dladdr((void *)&flush, &self) && self.dli_fname && strlen(self.dli_fname) < sizeof(path) - 32)
        {
            strcpy(path, self.dli_fname);
            char *slash = strrchr(path, '/');
            strcpy(slash ? slash + 1 : path, "libcudart.so.12");
            void *h = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
            if (h) runtime = (void (*)(void))dlsym(h, "cudaSimFlush");
        }
        if (!runtime) runtime = cudaSimFlush;
    }
    runtime();
}

/* ---------------- CUDA runtime ---------------- */
int cudaGetDeviceCount(int *n) { *n = 1; return 0; }
int cudaSetDevice(int d) { return d == 0 ? 0 : 101; }
int cudaDeviceGetAttribute(int *v, int attr, int dev) { (void)dev; *v = attr == 75 ? 8 : attr == 76 ? 9 : 0; return 0; }
int cudaGetDeviceProperties_v2(char *props, int dev) { (void)dev; strcpy(props, "CUDA simulator (CPU)"); return 0; }
int cudaRuntimeGetVersion(int *v) { *v = 12040; return 0; }
int cudaDriverGetVersion(int *v) { *v = 12040; return 0; }
int cudaMemGetInfo(size_t *freeb, size_t *total) { *freeb = (size_t)8 << 30; *total = (size_t)16 << 30; return 0; }
int cudaMalloc(void **p, size_t n) { *p = malloc(n); return *p ? 0 : 2; }
int cudaFree(void *p) { cudaSimFlush(); free(p); return 0; }
int cudaHostAlloc(void **p, size_t n, unsigned f) { (void)f; *p = malloc(n); return *p ? 0 : 2; }
int cudaFreeHost(void *p) { cudaSimFlush(); free(p); return 0; }
int cudaMemcpyAsync(void *d, const void *s, size_t n, int kind, void *st)
{
    (void)st;
    if (kind < 0 || kind > 4) return 1;
    enqueue((Copy){ d, s, n, n, n, 1, 0, 0 }); return 0;
}
int cudaMemcpy2DAsync(void *d, size_t dp, const void *s, size_t sp, size_t w, size_t h, int kind, void *st)
{
    (void)kind; (void)st;
    if (w > dp || w > sp) return 1;
    enqueue((Copy){ d, s, dp, sp, w, h, 0, 0 }); return 0;
}
int cudaMemsetAsync(void *d, int v, size_t n, void *st) { (void)st; enqueue((Copy){ d, NULL, n, n, n, 1, 1, v }); return 0; }
int cudaStreamCreateWithFlags(void **s, unsigned f) { (void)f; *s = malloc(1); return 0; }
int cudaStreamDestroy(void *s) { free(s); return 0; }
int cudaStreamSynchronize(void *s) { (void)s; cudaSimFlush(); return 0; }
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
int cudaEventCreateWithFlags(void **e, unsigned f) { (void)f; *e = calloc(1, sizeof(double)); return 0; }
int cudaEventDestroy(void *e) { free(e); return 0; }
int cudaEventRecord(void *e, void *s) { (void)s; *(double *)e = now(); return 0; }
int cudaEventSynchronize(void *e) { (void)e; cudaSimFlush(); return 0; }
int cudaEventElapsedTime(float *ms, void *a, void *b) { *ms = (float)(*(double *)b - *(double *)a); return 0; }
const char *cudaGetErrorName(int e) { return e == 0 ? "cudaSuccess" : "cudaErrorSimulated"; }
const char *cudaGetErrorString(int e) { return e == 0 ? "no error" : "simulated error"; }

/* ---------------- cuBLAS (column-major) ---------------- */
int cublasCreate_v2(void **h) { *h = malloc(1); return 0; }
int cublasDestroy_v2(void *h) { free(h); return 0; }
int cublasSetStream_v2(void *h, void *s) { (void)h; (void)s; return 0; }
int cublasSetMathMode(void *h, int m) { (void)h; return m == 2 || m == 3 || m == 0 ? 0 : 7; }
int cublasSgemmStridedBatched(void *h, int ta, int tb, int m, int n, int k, const float *alpha, const float *A, int lda,
    long long sa, const float *B, int ldb, long long sb, const float *beta, float *C, int ldc, long long sc, int batch)
{
    flush();
    (void)h;
    if (ta != 0 || tb != 0 || lda < m || ldb < k || ldc < m) return 7;
    for (int b = 0; b < batch; b++)
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++)
            {
                double acc = 0;
                for (int p = 0; p < k; p++) acc += (double)A[b * sa + i + (long long)p * lda] * B[b * sb + p + (long long)j * ldb];
                float *c = &C[b * sc + i + (long long)j * ldc];
                *c = (float)(*alpha * acc + (*beta == 0 ? 0 : *beta * *c));
            }
    return 0;
}

/* ---------------- cuDNN ---------------- */
typedef struct { int nb; int dims[8]; int strides[8]; } Tensor;
typedef struct { int nb; int dims[8]; } Filter;
typedef struct { int n; int pad[3], stride[3], dil[3]; int mode; int math; } Conv;
typedef struct { int n; int win[3], pad[3], stride[3]; int mode; } Pool;
typedef struct { int mode; } Act;
typedef struct { int op; } OpT;
typedef struct { int algo, status; float time; size_t memory; int determinism, mathType, reserved[3]; } Perf;

size_t cudnnGetVersion(void) { return 90100; }
const char *cudnnGetErrorString(int s) { return s == 0 ? "CUDNN_STATUS_SUCCESS" : s == NOT_SUPPORTED ? "CUDNN_STATUS_NOT_SUPPORTED" : "CUDNN_STATUS_BAD_PARAM"; }
int cudnnCreate(void **h) { *h = malloc(1); return 0; }
int cudnnDestroy(void *h) { free(h); return 0; }
int cudnnSetStream(void *h, void *s) { (void)h; (void)s; return 0; }
#define CREATE(name, type) int cudnnCreate##name##Descriptor(void **d) { *d = calloc(1, sizeof(type)); return 0; } \
                           int cudnnDestroy##name##Descriptor(void *d) { free(d); return 0; }
CREATE(Tensor, Tensor) CREATE(Filter, Filter) CREATE(Convolution, Conv) CREATE(Pooling, Pool) CREATE(Activation, Act) CREATE(OpTensor, OpT)

int cudnnSetTensorNdDescriptor(Tensor *t, int dt, int nb, const int *dims, const int *strides)
{
    if (dt != 0 || nb < 3 || nb > 8) return BAD_PARAM;
    long s = 1;
    for (int i = nb - 1; i >= 0; i--) { if (dims[i] < 1 || strides[i] != s) return BAD_PARAM; s *= dims[i]; }
    t->nb = nb; memcpy(t->dims, dims, nb * sizeof(int)); memcpy(t->strides, strides, nb * sizeof(int));
    return 0;
}
int cudnnSetFilterNdDescriptor(Filter *f, int dt, int fmt, int nb, const int *dims)
{
    if (dt != 0 || fmt != 0 || nb < 3 || nb > 8) return BAD_PARAM;
    f->nb = nb; memcpy(f->dims, dims, nb * sizeof(int)); return 0;
}
int cudnnSetConvolutionNdDescriptor(Conv *c, int n, const int *pad, const int *stride, const int *dil, int mode, int ct)
{
    if (n < 1 || n > 3 || ct != 0) return BAD_PARAM;
    c->n = n; c->mode = mode;
    for (int i = 0; i < n; i++) { c->pad[i] = pad[i]; c->stride[i] = stride[i]; c->dil[i] = dil[i]; }
    return 0;
}
int cudnnSetConvolutionMathType(Conv *c, int m) { if (m < 0 || m > 3) return BAD_PARAM; c->math = m; return 0; }

/* Views a 4D or 5D tensor as [N, C, D, H, W]. */
static void v5(const int *dims, int nb, int out[5])
{
    if (nb == 4) { out[0] = dims[0]; out[1] = dims[1]; out[2] = 1; out[3] = dims[2]; out[4] = dims[3]; }
    else memcpy(out, dims, 5 * sizeof(int));
}
static void p3(const Conv *c, int pad[3], int st[3], int dl[3])
{
    int o = c->n == 2 ? 1 : 0;
    pad[0] = 0; st[0] = 1; dl[0] = 1;
    for (int i = 0; i < c->n; i++) { pad[i + o] = c->pad[i]; st[i + o] = c->stride[i]; dl[i + o] = c->dil[i]; }
}
/* Checks that x, w and y agree with the convolution (x -> y); 0 if they do. */
static int check(const Tensor *x, const Filter *w, const Conv *c, const Tensor *y)
{
    if (x->nb != w->nb || x->nb != y->nb || c->n != x->nb - 2 || c->mode != 1) return BAD_PARAM;
    int X[5], W[5], Y[5], pad[3], st[3], dl[3];
    v5(x->dims, x->nb, X); v5(w->dims, w->nb, W); v5(y->dims, y->nb, Y); p3(c, pad, st, dl);
    if (W[1] != X[1] || W[0] != Y[1] || X[0] != Y[0]) return BAD_PARAM;
    for (int a = 0; a < 3; a++)
        if ((X[2 + a] + 2 * pad[a] - dl[a] * (W[2 + a] - 1) - 1) / st[a] + 1 != Y[2 + a]) return BAD_PARAM;
    return 0;
}
int cudnnGetConvolutionNdForwardOutputDim(const Conv *c, const Tensor *x, const Filter *w, int nb, int *out)
{
    int X[5], W[5], pad[3], st[3], dl[3];
    v5(x->dims, x->nb, X); v5(w->dims, w->nb, W); p3(c, pad, st, dl);
    int Y[5] = { X[0], W[0], 0, 0, 0 };
    for (int a = 0; a < 3; a++) Y[2 + a] = (X[2 + a] + 2 * pad[a] - dl[a] * (W[2 + a] - 1) - 1) / st[a] + 1;
    if (nb == 4) { out[0] = Y[0]; out[1] = Y[1]; out[2] = Y[3]; out[3] = Y[4]; } else memcpy(out, Y, 5 * sizeof(int));
    return 0;
}
/* y = alpha * conv(x) + beta * y (cross-correlation). */
static void forward(const Tensor *xd, const float *x, const Filter *wd, const float *w, const Conv *c, const Tensor *yd, float *y, float alpha, float beta)
{
    int X[5], W[5], Y[5], pad[3], st[3], dl[3];
    v5(xd->dims, xd->nb, X); v5(wd->dims, wd->nb, W); v5(yd->dims, yd->nb, Y); p3(c, pad, st, dl);
    long xs = (long)X[2] * X[3] * X[4], ys = (long)Y[2] * Y[3] * Y[4];
    for (int n = 0; n < Y[0]; n++) for (int k = 0; k < Y[1]; k++)
    for (int od = 0; od < Y[2]; od++) for (int oh = 0; oh < Y[3]; oh++) for (int ow = 0; ow < Y[4]; ow++)
    {
        double acc = 0;
        for (int ci = 0; ci < X[1]; ci++) for (int a = 0; a < W[2]; a++) for (int b = 0; b < W[3]; b++) for (int e = 0; e < W[4]; e++)
        {
            int id = od * st[0] - pad[0] + a * dl[0], ih = oh * st[1] - pad[1] + b * dl[1], iw = ow * st[2] - pad[2] + e * dl[2];
            if (id < 0 || id >= X[2] || ih < 0 || ih >= X[3] || iw < 0 || iw >= X[4]) continue;
            acc += (double)w[(((long)k * W[1] + ci) * W[2] + a) * W[3] * W[4] + b * W[4] + e]
                 * x[((long)n * X[1] + ci) * xs + ((long)id * X[3] + ih) * X[4] + iw];
        }
        float *o = &y[((long)n * Y[1] + k) * ys + ((long)od * Y[3] + oh) * Y[4] + ow];
        *o = (float)(alpha * acc + (beta == 0 ? 0 : beta * *o));
    }
}
static int find(int returned_max, int *returned, Perf *perf)
{
    /* Two candidates, as cuDNN lists them: fastest first. Algorithm 1 (IMPLICIT_PRECOMP_GEMM) with FMA math,
       then algorithm 6 (WINOGRAD) in TF32 tensor-op math, which strict float32 must skip. */
    int n = returned_max < 3 ? returned_max : 3;
    Perf all[3] = { { 6, 0, 0.5f, 1024, 0, 1, {0} }, { 1, 0, 1.0f, 4096, 0, 3, {0} }, { 0, 0, 2.0f, 0, 0, 3, {0} } };
    memcpy(perf, all, n * sizeof(Perf)); *returned = n; return 0;
}
int cudnnFindConvolutionForwardAlgorithmEx(void *h, const Tensor *xd, const void *x, const Filter *wd, const void *w, const Conv *c,
    const Tensor *yd, void *y, int req, int *ret, Perf *perf, void *ws, size_t wsb)
{
    flush();
    (void)h; (void)x; (void)w; (void)y; (void)ws; (void)wsb;
    int s = check(xd, wd, c, yd); return s ? s : find(req, ret, perf);
}
int cudnnGetConvolutionForwardWorkspaceSize(void *h, const Tensor *x, const Filter *w, const Conv *c, const Tensor *y, int algo, size_t *n)
{ (void)h; (void)algo; *n = 4096; return check(x, w, c, y); }
int cudnnConvolutionForward(void *h, const float *alpha, const Tensor *xd, const float *x, const Filter *wd, const float *w, const Conv *c,
    int algo, void *ws, size_t wsb, const float *beta, const Tensor *yd, float *y)
{
    flush();
    (void)h; (void)ws;
    int s = check(xd, wd, c, yd); if (s) return s;
    if ((algo == 1 && wsb < 4096) || algo < 0 || algo > 7) return BAD_PARAM;
    forward(xd, x, wd, w, c, yd, y, *alpha, *beta); return 0;
}
int cudnnConvolutionBiasActivationForward(void *h, const float *alpha1, const Tensor *xd, const float *x, const Filter *wd, const float *w,
    const Conv *c, int algo, void *ws, size_t wsb, const float *alpha2, const Tensor *zd, const float *z, const Tensor *bd, const float *bias,
    const Act *act, const Tensor *yd, float *y)
{
    flush();
    (void)h; (void)ws;
    int s = check(xd, wd, c, yd); if (s) return s;
    if (act->mode != 1 && !(act->mode == 5 && algo == 1)) return NOT_SUPPORTED;
    if (zd->nb != yd->nb || bd->dims[1] != yd->dims[1] || (algo == 1 && wsb < 4096)) return BAD_PARAM;
    long total = 1; for (int i = 0; i < yd->nb; i++) total *= yd->dims[i];
    long plane = total / yd->dims[0] / yd->dims[1];
    float *tmp = malloc(total * sizeof(float));
    forward(xd, x, wd, w, c, yd, tmp, *alpha1, 0);
    for (long i = 0; i < total; i++)
    {
        float v = tmp[i] + (*alpha2 == 0 ? 0 : *alpha2 * z[i]) + bias[(i / plane) % yd->dims[1]];
        y[i] = act->mode == 1 && !(v > 0) && !isnan(v) ? 0 : v;
    }
    free(tmp); return 0;
}
int cudnnFindConvolutionBackwardDataAlgorithmEx(void *h, const Filter *wd, const void *w, const Tensor *dyd, const void *dy, const Conv *c,
    const Tensor *dxd, void *dx, int req, int *ret, Perf *perf, void *ws, size_t wsb)
{
    flush();
    (void)h; (void)w; (void)dy; (void)dx; (void)ws; (void)wsb;
    int s = check(dxd, wd, c, dyd); return s ? s : find(req, ret, perf);
}
int cudnnGetConvolutionBackwardDataWorkspaceSize(void *h, const Filter *w, const Tensor *dy, const Conv *c, const Tensor *dx, int algo, size_t *n)
{ (void)h; (void)algo; *n = 4096; return check(dx, w, c, dy); }
/* dx = alpha * conv^T(dy) + beta * dx: the adjoint of forward(dx -> dy). */
int cudnnConvolutionBackwardData(void *h, const float *alpha, const Filter *wd, const float *w, const Tensor *dyd, const float *dy, const Conv *c,
    int algo, void *ws, size_t wsb, const float *beta, const Tensor *dxd, float *dx)
{
    flush();
    (void)h; (void)ws; (void)algo; (void)wsb;
    int s = check(dxd, wd, c, dyd); if (s) return s;
    int X[5], W[5], Y[5], pad[3], st[3], dl[3];
    v5(dxd->dims, dxd->nb, X); v5(wd->dims, wd->nb, W); v5(dyd->dims, dyd->nb, Y); p3(c, pad, st, dl);
    long xs = (long)X[2] * X[3] * X[4], ys = (long)Y[2] * Y[3] * Y[4], total = (long)X[0] * X[1] * xs;
    double *acc = calloc(total, sizeof(double));
    for (int n = 0; n < Y[0]; n++) for (int k = 0; k < Y[1]; k++)
    for (int od = 0; od < Y[2]; od++) for (int oh = 0; oh < Y[3]; oh++) for (int ow = 0; ow < Y[4]; ow++)
    {
        double g = dy[((long)n * Y[1] + k) * ys + ((long)od * Y[3] + oh) * Y[4] + ow];
        for (int ci = 0; ci < X[1]; ci++) for (int a = 0; a < W[2]; a++) for (int b = 0; b < W[3]; b++) for (int e = 0; e < W[4]; e++)
        {
            int id = od * st[0] - pad[0] + a * dl[0], ih = oh * st[1] - pad[1] + b * dl[1], iw = ow * st[2] - pad[2] + e * dl[2];
            if (id < 0 || id >= X[2] || ih < 0 || ih >= X[3] || iw < 0 || iw >= X[4]) continue;
            acc[((long)n * X[1] + ci) * xs + ((long)id * X[3] + ih) * X[4] + iw] += g * w[(((long)k * W[1] + ci) * W[2] + a) * W[3] * W[4] + b * W[4] + e];
        }
    }
    for (long i = 0; i < total; i++) dx[i] = (float)(*alpha * acc[i] + (*beta == 0 ? 0 : *beta * dx[i]));
    free(acc); return 0;
}
int cudnnSetPoolingNdDescriptor(Pool *p, int mode, int nan, int n, const int *win, const int *pad, const int *st)
{
    (void)nan;
    if (n < 2 || n > 3) return BAD_PARAM;
    p->n = n; p->mode = mode;
    for (int i = 0; i < n; i++) { p->win[i] = win[i]; p->pad[i] = pad[i]; p->stride[i] = st[i]; }
    return 0;
}
int cudnnPoolingForward(void *h, const Pool *p, const float *alpha, const Tensor *xd, const float *x, const float *beta, const Tensor *yd, float *y)
{
    flush();
    (void)h; (void)beta;
    if (p->mode != 0 || p->n != xd->nb - 2 || xd->nb != yd->nb) return BAD_PARAM;
    int X[5], Y[5], win[3] = { 1, 1, 1 }, pad[3] = { 0, 0, 0 }, st[3] = { 1, 1, 1 }, o = p->n == 2 ? 1 : 0;
    v5(xd->dims, xd->nb, X); v5(yd->dims, yd->nb, Y);
    for (int i = 0; i < p->n; i++) { win[i + o] = p->win[i]; pad[i + o] = p->pad[i]; st[i + o] = p->stride[i]; }
    long xs = (long)X[2] * X[3] * X[4], ys = (long)Y[2] * Y[3] * Y[4];
    for (long nc = 0; nc < (long)Y[0] * Y[1]; nc++)
    for (int od = 0; od < Y[2]; od++) for (int oh = 0; oh < Y[3]; oh++) for (int ow = 0; ow < Y[4]; ow++)
    {
        float m = -INFINITY;
        for (int a = 0; a < win[0]; a++) for (int b = 0; b < win[1]; b++) for (int e = 0; e < win[2]; e++)
        {
            int id = od * st[0] - pad[0] + a, ih = oh * st[1] - pad[1] + b, iw = ow * st[2] - pad[2] + e;
            if (id < 0 || id >= X[2] || ih < 0 || ih >= X[3] || iw < 0 || iw >= X[4]) continue;
            float v = x[nc * xs + ((long)id * X[3] + ih) * X[4] + iw];
            if (v > m || isnan(v)) m = v;
        }
        y[nc * ys + ((long)od * Y[3] + oh) * Y[4] + ow] = *alpha * m;
    }
    return 0;
}
int cudnnSetActivationDescriptor(Act *a, int mode, int nan, double coef) { (void)nan; (void)coef; a->mode = mode; return 0; }
static long count(const Tensor *t) { long n = 1; for (int i = 0; i < t->nb; i++) n *= t->dims[i]; return n; }
static int same(const Tensor *a, const Tensor *b) { if (a->nb != b->nb) return 0; for (int i = 0; i < a->nb; i++) if (a->dims[i] != b->dims[i]) return 0; return 1; }
int cudnnActivationForward(void *h, const Act *a, const float *alpha, const Tensor *xd, const float *x, const float *beta, const Tensor *yd, float *y)
{
    flush();
    (void)h; (void)beta;
    if (!same(xd, yd)) return BAD_PARAM;
    for (long i = 0; i < count(xd); i++)
    {
        float v = x[i];
        y[i] = *alpha * (a->mode == 1 ? (v > 0 || isnan(v) ? v : 0) : a->mode == 0 ? 1.0f / (1.0f + expf(-v)) : v);
    }
    return 0;
}
int cudnnSetOpTensorDescriptor(OpT *o, int op, int ct, int nan) { (void)nan; if (ct != 0) return BAD_PARAM; o->op = op; return 0; }
/* Index of element i of c in a tensor b whose dims are c's or 1 (broadcast), or -1 when b does not broadcast. */
static long bidx(const Tensor *b, const Tensor *c, long i)
{
    long r = 0, s = 1;
    for (int d = c->nb - 1; d >= 0; d--)
    {
        long ci = i % c->dims[d]; i /= c->dims[d];
        if (b->dims[d] != c->dims[d] && b->dims[d] != 1) return -1;
        r += (b->dims[d] == 1 ? 0 : ci) * s; s *= b->dims[d];
    }
    return r;
}
int cudnnOpTensor(void *h, const OpT *o, const float *a1, const Tensor *ad, const float *A, const float *a2, const Tensor *bd, const float *B,
    const float *beta, const Tensor *cd, float *C)
{
    flush();
    (void)h;
    if (!same(ad, cd) || bd->nb != cd->nb || bidx(bd, cd, 0) < 0) return BAD_PARAM;
    for (long i = 0; i < count(cd); i++)
    {
        float a = *a1 * A[i], b = *a2 * B[bidx(bd, cd, i)];
        C[i] = (o->op == 0 ? a + b : a * b) + (*beta == 0 ? 0 : *beta * C[i]);
    }
    return 0;
}
int cudnnAddTensor(void *h, const float *alpha, const Tensor *ad, const float *A, const float *beta, const Tensor *cd, float *C)
{
    flush();
    (void)h;
    if (ad->nb != cd->nb || bidx(ad, cd, 0) < 0) return BAD_PARAM;
    for (long i = 0; i < count(cd); i++) C[i] = *alpha * A[bidx(ad, cd, i)] + (*beta == 0 ? 0 : *beta * C[i]);
    return 0;
}
int cudnnSoftmaxForward(void *h, int algo, int mode, const float *alpha, const Tensor *xd, const float *x, const float *beta, const Tensor *yd, float *y)
{
    flush();
    (void)h; (void)beta;
    if (algo != 1 || mode != 1 || !same(xd, yd) || xd->nb != 4) return BAD_PARAM;
    long C = xd->dims[1], S = (long)xd->dims[2] * xd->dims[3];
    for (long n = 0; n < xd->dims[0]; n++) for (long s = 0; s < S; s++)
    {
        const float *xi = x + n * C * S + s; float *yi = y + n * C * S + s; float m = -INFINITY; double sum = 0;
        for (long c = 0; c < C; c++) if (xi[c * S] > m) m = xi[c * S];
        for (long c = 0; c < C; c++) sum += exp(xi[c * S] - m);
        for (long c = 0; c < C; c++) yi[c * S] = (float)(*alpha * exp(xi[c * S] - m) / sum);
    }
    return 0;
}
