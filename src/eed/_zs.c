/*
 * eed._zs: the compiled core of the extended Zhang–Shasha tree edit distance.
 *
 * It computes exactly what eed.distance.python_distance computes: every DP cell is one
 * addition of a cost to an earlier cell, and the candidates are compared in the same order with
 * the same strict "<", so the result is bit-identical to the Python code (ties between 0.0 and
 * -0.0, and NaN costs, resolve the same way too).
 *
 *   distance(a_lmd, a_labels, a_kinds, a_del, a_tree,
 *            b_lmd, b_labels, b_kinds, b_ins, b_tree,
 *            update_cost, change_type_cost, /) -> float
 *
 * a_* describe the source tree in postorder, b_* the target tree:
 *   *_lmd     int sequence, leftmost leaf descendant of each node (a single tree, validated)
 *   *_labels  int sequence, label ids; a node pair matches at cost 0 when the ids are equal
 *   *_kinds   int sequence, kind ids 0..3 (number, symbol, operator, function)
 *   a_del     float sequence, single-node delete cost of each source node
 *   b_ins     float sequence, single-node insert cost of each target node
 *   *_tree    float sequence, whole-subtree delete/insert cost of each node
 *   update_cost       4 floats, the relabel cost within each kind
 *   change_type_cost  float, the relabel cost across kinds
 *
 * Keyroots are derived from lmd here rather than passed in, so they cannot disagree with it.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <float.h>
#include <stdint.h>
#include <string.h>

/*
 * Where the compiler evaluates doubles in wider registers (x87), force each sum to double
 * before it is compared, as Python does by storing every result in a float object. On SSE2 and
 * every 64-bit target FLT_EVAL_METHOD is 0 and this costs nothing. Only additions are used, so
 * FMA contraction cannot change a result either.
 */
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0
static double
zs_round(double x)
{
    volatile double v = x;
    return v;
}
#define ROUND(x) zs_round(x)
#else
#define ROUND(x) (x)
#endif

#define N_KINDS 4

typedef struct {
    Py_ssize_t size;
    Py_ssize_t *lmd;
    Py_ssize_t *label;
    unsigned char *kind;
    double *single; /* delete costs for the source tree, insert costs for the target */
    double *tree;
    Py_ssize_t *keyroots;
    Py_ssize_t n_keyroots;
    void *block; /* one allocation backing all the arrays above */
} zs_tree;

static void
zs_tree_free(zs_tree *t)
{
    PyMem_Free(t->block);
    t->block = NULL;
}

/*
 * obj as a tuple with exactly `want` items (want < 0: any length >= 1). A tuple, not a borrowed
 * list: an item's __index__ or __float__ may run Python code that mutates a list under us, but
 * the tuple keeps every item alive and in place.
 */
static PyObject *
zs_tuple(PyObject *obj, const char *name, Py_ssize_t want)
{
    PyObject *seq;
    Py_ssize_t len;

    if (PyUnicode_Check(obj) || PyBytes_Check(obj) || PyByteArray_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s must be a sequence of numbers, not %.100s", name,
                     Py_TYPE(obj)->tp_name);
        return NULL;
    }
    seq = PySequence_Tuple(obj);
    if (seq == NULL) {
        if (PyErr_ExceptionMatches(PyExc_TypeError)) {
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "%s must be a sequence, not %.100s", name,
                         Py_TYPE(obj)->tp_name);
        }
        return NULL;
    }
    len = PyTuple_GET_SIZE(seq);
    if (want >= 0 && len != want) {
        PyErr_Format(PyExc_ValueError, "%s has %zd items, expected %zd", name, len, want);
        Py_DECREF(seq);
        return NULL;
    }
    if (want < 0 && len == 0) {
        PyErr_Format(PyExc_ValueError, "%s is empty: a tree has at least one node", name);
        Py_DECREF(seq);
        return NULL;
    }
    return seq;
}

/* Read an int item, raising TypeError for non-integers (floats included). */
static int
zs_index(PyObject *item, const char *name, Py_ssize_t i, Py_ssize_t *out)
{
    Py_ssize_t v;

    if (!PyIndex_Check(item)) {
        PyErr_Format(PyExc_TypeError, "%s[%zd] must be an int, not %.100s", name, i,
                     Py_TYPE(item)->tp_name);
        return -1;
    }
    v = PyNumber_AsSsize_t(item, PyExc_OverflowError);
    if (v == -1 && PyErr_Occurred()) {
        if (PyErr_ExceptionMatches(PyExc_OverflowError)) {
            PyErr_Clear();
            PyErr_Format(PyExc_ValueError, "%s[%zd] is out of range", name, i);
        }
        return -1;
    }
    *out = v;
    return 0;
}

/* Read a float item (i >= 0: item i of sequence `name`; i < 0: the scalar `name`). */
static int
zs_double(PyObject *item, const char *name, Py_ssize_t i, double *out)
{
    double v;

    /* PyFloat_AsDouble would reject these too, but with a message naming no argument. */
    if (PyFloat_CheckExact(item)) {
        *out = PyFloat_AS_DOUBLE(item);
        return 0;
    }
    v = PyFloat_AsDouble(item);
    if (v == -1.0 && PyErr_Occurred()) {
        if (PyErr_ExceptionMatches(PyExc_TypeError)) {
            PyErr_Clear();
            if (i >= 0) {
                PyErr_Format(PyExc_TypeError, "%s[%zd] must be a number, not %.100s", name, i,
                             Py_TYPE(item)->tp_name);
            }
            else {
                PyErr_Format(PyExc_TypeError, "%s must be a number, not %.100s", name,
                             Py_TYPE(item)->tp_name);
            }
        }
        return -1;
    }
    *out = v;
    return 0;
}

static int
zs_read_doubles(PyObject *obj, const char *name, Py_ssize_t want, double *out)
{
    PyObject *seq = zs_tuple(obj, name, want);
    Py_ssize_t i;

    if (seq == NULL) {
        return -1;
    }
    for (i = 0; i < want; i++) {
        if (zs_double(PyTuple_GET_ITEM(seq, i), name, i, &out[i]) < 0) {
            Py_DECREF(seq);
            return -1;
        }
    }
    Py_DECREF(seq);
    return 0;
}

/*
 * Check that lmd describes one ordered tree in postorder: the spans [lmd[i], i] must nest, a
 * node's children must tile the span left of it exactly, and the last node must span the whole
 * tree. This is what keeps every table index of the recurrence inside its subproblem, so bad
 * input gets a ValueError instead of a wrong number. Fills the keyroots on the way: the highest
 * node of each leftmost-leaf chain, i.e. every node that is not the first child of its parent.
 * `starts` is scratch space for m entries.
 */
static int
zs_check_tree(zs_tree *t, const char *name, Py_ssize_t *starts)
{
    Py_ssize_t m = t->size, top = 0, i, k = 0;

    for (i = 0; i < m; i++) {
        Py_ssize_t s = t->lmd[i];
        if (s < 0 || s > i) {
            PyErr_Format(PyExc_ValueError, "%s[%zd] = %zd is not in [0, %zd]", name, i, s, i);
            return -1;
        }
        /* The roots emitted so far tile [0, i); this node adopts those starting at s or later. */
        while (top > 0 && starts[top - 1] > s) {
            top--;
        }
        if (s < i) {
            if (top == 0 || starts[top - 1] != s) {
                PyErr_Format(PyExc_ValueError,
                             "%s[%zd] = %zd does not start a subtree: not a postorder tree",
                             name, i, s);
                return -1;
            }
            top--;
        }
        starts[top++] = s;
    }
    if (top != 1) {
        PyErr_Format(PyExc_ValueError, "%s describes a forest of %zd trees, not one tree", name,
                     top);
        return -1;
    }
    /* Node i is a keyroot iff no later node shares its leftmost leaf; scan right to left. */
    memset(starts, 0, (size_t)m * sizeof(Py_ssize_t)); /* reused as "leaf seen" flags */
    for (i = m - 1; i >= 0; i--) {
        Py_ssize_t s = t->lmd[i];
        if (!starts[s]) {
            starts[s] = 1;
            t->keyroots[k++] = i;
        }
    }
    /* Collected in decreasing order; the recurrence needs increasing. */
    for (i = 0; i < k / 2; i++) {
        Py_ssize_t tmp = t->keyroots[i];
        t->keyroots[i] = t->keyroots[k - 1 - i];
        t->keyroots[k - 1 - i] = tmp;
    }
    t->n_keyroots = k;
    return 0;
}

/* Read and validate one tree's five sequences. */
static int
zs_tree_read(zs_tree *t, PyObject *const *args, char side)
{
    char n_lmd[8], n_lab[16], n_kind[16], n_single[16], n_tree[16];
    PyObject *lmd_seq, *seq;
    Py_ssize_t m, i;
    size_t per_node, bytes;
    char *p;

    memset(t, 0, sizeof(*t));
    PyOS_snprintf(n_lmd, sizeof n_lmd, "%c_lmd", side);
    PyOS_snprintf(n_lab, sizeof n_lab, "%c_labels", side);
    PyOS_snprintf(n_kind, sizeof n_kind, "%c_kinds", side);
    PyOS_snprintf(n_single, sizeof n_single, "%s", side == 'a' ? "a_del" : "b_ins");
    PyOS_snprintf(n_tree, sizeof n_tree, "%c_tree", side);

    lmd_seq = zs_tuple(args[0], n_lmd, -1);
    if (lmd_seq == NULL) {
        return -1;
    }
    m = PyTuple_GET_SIZE(lmd_seq);
    /* lmd, keyroots, scratch and label (Py_ssize_t), single and tree (double), kind per node. */
    per_node = 4 * sizeof(Py_ssize_t) + 2 * sizeof(double) + 1;
    if ((size_t)m > SIZE_MAX / per_node) {
        Py_DECREF(lmd_seq);
        PyErr_NoMemory();
        return -1;
    }
    bytes = (size_t)m * per_node;
    t->block = PyMem_Malloc(bytes);
    if (t->block == NULL) {
        Py_DECREF(lmd_seq);
        PyErr_NoMemory();
        return -1;
    }
    /* Widest members first so every array stays aligned. */
    p = (char *)t->block;
    t->single = (double *)p;
    p += (size_t)m * sizeof(double);
    t->tree = (double *)p;
    p += (size_t)m * sizeof(double);
    t->lmd = (Py_ssize_t *)p;
    p += (size_t)m * sizeof(Py_ssize_t);
    t->keyroots = (Py_ssize_t *)p;
    p += (size_t)m * sizeof(Py_ssize_t);
    Py_ssize_t *scratch = (Py_ssize_t *)p;
    p += (size_t)m * sizeof(Py_ssize_t);
    t->label = (Py_ssize_t *)p;
    p += (size_t)m * sizeof(Py_ssize_t);
    t->kind = (unsigned char *)p;
    t->size = m;

    for (i = 0; i < m; i++) {
        if (zs_index(PyTuple_GET_ITEM(lmd_seq, i), n_lmd, i, &t->lmd[i]) < 0) {
            goto fail_lmd;
        }
    }
    Py_DECREF(lmd_seq);
    lmd_seq = NULL;

    seq = zs_tuple(args[1], n_lab, m);
    if (seq == NULL) {
        goto fail;
    }
    for (i = 0; i < m; i++) {
        if (zs_index(PyTuple_GET_ITEM(seq, i), n_lab, i, &t->label[i]) < 0) {
            Py_DECREF(seq);
            goto fail;
        }
    }
    Py_DECREF(seq);

    seq = zs_tuple(args[2], n_kind, m);
    if (seq == NULL) {
        goto fail;
    }
    for (i = 0; i < m; i++) {
        Py_ssize_t v;
        if (zs_index(PyTuple_GET_ITEM(seq, i), n_kind, i, &v) < 0) {
            Py_DECREF(seq);
            goto fail;
        }
        if (v < 0 || v >= N_KINDS) {
            PyErr_Format(PyExc_ValueError, "%s[%zd] = %zd is not a kind id in [0, %d]", n_kind, i,
                         v, N_KINDS - 1);
            Py_DECREF(seq);
            goto fail;
        }
        t->kind[i] = (unsigned char)v;
    }
    Py_DECREF(seq);

    if (zs_read_doubles(args[3], n_single, m, t->single) < 0 ||
        zs_read_doubles(args[4], n_tree, m, t->tree) < 0 || zs_check_tree(t, n_lmd, scratch) < 0) {
        goto fail;
    }
    return 0;

fail_lmd:
    Py_XDECREF(lmd_seq);
fail:
    zs_tree_free(t);
    return -1;
}

/*
 * The recurrence, transcribed from python_distance with the same sums in the same order. fd has rows 0..m and
 * columns 0..n (width w); fd[(i + 1) * w + (j + 1)] is the forest a[lx..i] vs b[ly..j], with
 * row lx and column ly standing for the empty forests. Touches no Python object.
 */
static double
zs_run(const zs_tree *a, const zs_tree *b, const double *upd, double chg, double *fd,
       double *treedist)
{
    const Py_ssize_t m = a->size, n = b->size, w = n + 1;
    const Py_ssize_t *al = a->lmd, *bl = b->lmd;
    const double *a_del = a->single, *b_ins = b->single;
    const double *a_tree = a->tree, *b_tree = b->tree;
    const Py_ssize_t *a_lab = a->label, *b_lab = b->label;
    const unsigned char *a_kind = a->kind, *b_kind = b->kind;
    Py_ssize_t kx, ky, i, j;

    for (kx = 0; kx < a->n_keyroots; kx++) {
        const Py_ssize_t x = a->keyroots[kx], lx = al[x];
        for (ky = 0; ky < b->n_keyroots; ky++) {
            const Py_ssize_t y = b->keyroots[ky], ly = bl[y];
            double *row0 = fd + lx * w;
            row0[ly] = 0.0;
            for (i = lx; i <= x; i++) {
                fd[(i + 1) * w + ly] = ROUND(fd[al[i] * w + ly] + a_tree[i]);
            }
            for (j = ly; j <= y; j++) {
                row0[j + 1] = ROUND(row0[bl[j]] + b_tree[j]);
            }
            for (i = lx; i <= x; i++) {
                const double *prev = fd + i * w;
                double *cur = fd + (i + 1) * w;
                const double *sub = fd + al[i] * w;
                const double di = a_del[i], ti = a_tree[i];
                const int on_path_i = al[i] == lx;
                double *td_i = treedist + i * n;
                const Py_ssize_t lab_i = a_lab[i];
                const unsigned char kind_i = a_kind[i];
                /* cur[j], the cell just written, is kept in a register: reading it back from
                   memory would put a store-to-load round trip on the loop's critical path. */
                double left = cur[ly];
                for (j = ly; j <= y; j++) {
                    const Py_ssize_t blj = bl[j];
                    double best = ROUND(prev[j + 1] + di);
                    double c = ROUND(left + b_ins[j]);
                    if (c < best) {
                        best = c;
                    }
                    c = ROUND(sub[j + 1] + ti);
                    if (c < best) {
                        best = c;
                    }
                    c = ROUND((blj == j ? left : cur[blj]) + b_tree[j]);
                    if (c < best) {
                        best = c;
                    }
                    if (on_path_i && blj == ly) {
                        double u;
                        if (lab_i == b_lab[j]) {
                            u = 0.0;
                        }
                        else if (kind_i == b_kind[j]) {
                            u = upd[kind_i];
                        }
                        else {
                            u = chg;
                        }
                        c = ROUND(prev[j] + u);
                        if (c < best) {
                            best = c;
                        }
                        td_i[j] = best;
                    }
                    else {
                        c = ROUND(sub[blj] + td_i[j]);
                        if (c < best) {
                            best = c;
                        }
                    }
                    cur[j + 1] = best;
                    left = best;
                }
            }
        }
    }
    return treedist[(m - 1) * n + (n - 1)];
}

PyDoc_STRVAR(zs_distance_doc,
             "distance(a_lmd, a_labels, a_kinds, a_del, a_tree, b_lmd, b_labels, b_kinds, b_ins, "
             "b_tree, update_cost, change_type_cost, /)\n--\n\n"
             "Extended Zhang-Shasha distance between two postorder trees, bit-identical to\n"
             "eed.distance.python_distance. Labels and kinds are int ids (kinds 0..3: number,\n"
             "symbol, operator, function); costs are floats; update_cost holds one cost per kind.");

static PyObject *
zs_distance(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    zs_tree a, b;
    double upd[N_KINDS], chg, result = 0.0;
    int ok = 0;
    double *fd = NULL, *treedist = NULL;
    size_t m, n, fd_cells, td_cells;

    (void)module;
    if (nargs != 12) {
        PyErr_Format(PyExc_TypeError, "distance() takes exactly 12 positional arguments (%zd given)",
                     nargs);
        return NULL;
    }
    if (zs_read_doubles(args[10], "update_cost", N_KINDS, upd) < 0) {
        return NULL;
    }
    if (zs_double(args[11], "change_type_cost", -1, &chg) < 0) {
        return NULL;
    }
    if (zs_tree_read(&a, args, 'a') < 0) {
        return NULL;
    }
    if (zs_tree_read(&b, args + 5, 'b') < 0) {
        zs_tree_free(&a);
        return NULL;
    }

    m = (size_t)a.size;
    n = (size_t)b.size;
    /* (m + 1) * (n + 1) doubles must not wrap around size_t. */
    if (m + 1 > SIZE_MAX / sizeof(double) / (n + 1)) {
        PyErr_SetString(PyExc_MemoryError, "trees too large for the distance tables");
        goto done;
    }
    fd_cells = (m + 1) * (n + 1);
    td_cells = m * n;
    /* Zeroed, like the Python lists, so even a cell no valid tree reads has a defined value. */
    fd = (double *)PyMem_Calloc(fd_cells, sizeof(double));
    treedist = (double *)PyMem_Calloc(td_cells, sizeof(double));
    if (fd == NULL || treedist == NULL) {
        PyErr_NoMemory();
        goto done;
    }

    /* The DP reads only the C arrays above, so other threads may run meanwhile. */
    Py_BEGIN_ALLOW_THREADS
    result = zs_run(&a, &b, upd, chg, fd, treedist);
    Py_END_ALLOW_THREADS
    ok = 1;

done:
    PyMem_Free(fd);
    PyMem_Free(treedist);
    zs_tree_free(&a);
    zs_tree_free(&b);
    return ok ? PyFloat_FromDouble(result) : NULL;
}

static PyMethodDef zs_methods[] = {
    {"distance", (PyCFunction)(void (*)(void))zs_distance, METH_FASTCALL, zs_distance_doc},
    {NULL, NULL, 0, NULL},
};

/* No module state, so multi-phase init lets subinterpreters (and free-threaded builds) share it. */
static PyModuleDef_Slot zs_slots[] = {
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
#ifdef Py_GIL_DISABLED
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

static struct PyModuleDef zs_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "eed._zs",
    .m_doc = "Compiled core of eed's extended Zhang-Shasha tree edit distance.",
    .m_size = 0,
    .m_methods = zs_methods,
    .m_slots = zs_slots,
};

PyMODINIT_FUNC
PyInit__zs(void)
{
    return PyModuleDef_Init(&zs_module);
}
