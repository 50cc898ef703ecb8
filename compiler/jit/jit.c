/* jit.c - ORC LLJIT: the allow-list JITDylib, optimization, loading and
 * unloading units. Every LLVMErrorRef is checked and consumed. */
#include "jit/jit.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Core.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "jit/symbols.h"

struct lv_jit {
  LLVMOrcLLJITRef lljit;
  LLVMOrcExecutionSessionRef es;
  LLVMOrcJITDylibRef jd;
  pthread_mutex_t lock; /* the LLVM target machine is not shared across threads */
};

struct lv_jit_unit {
  lv_jit *jit;
  LLVMOrcResourceTrackerRef rt;
};

/* Takes the message out of an LLVMErrorRef (consuming it). */
static int error_out(LLVMErrorRef e, const char *what, char *err, size_t errlen) {
  char *msg = LLVMGetErrorMessage(e);
  snprintf(err, errlen, "%s: %s", what, msg);
  LLVMDisposeErrorMessage(msg);
  return -1;
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static void init_llvm(void) {
  LLVMInitializeNativeTarget();
  LLVMInitializeNativeAsmPrinter();
}

bool lv_jit_allowed(const char *name) {
  for (const lv_jit_symbol *s = lv_jit_symbols; s->name; s++)
    if (s->addr && strcmp(s->name, name) == 0) return true;
  return false;
}

static int define_allow_list(lv_jit *j, char *err, size_t errlen) {
  size_t n = 0;
  for (const lv_jit_symbol *s = lv_jit_symbols; s->name; s++) n++;
  LLVMOrcCSymbolMapPair *pairs = calloc(n, sizeof *pairs);
  if (!pairs) abort();
  size_t k = 0;
  for (const lv_jit_symbol *s = lv_jit_symbols; s->name; s++) {
    if (!s->addr) continue;
    bool dup = false;
    for (const lv_jit_symbol *t = lv_jit_symbols; t != s; t++)
      if (t->addr && strcmp(t->name, s->name) == 0) dup = true;
    if (dup) continue; /* builtins.def names a C function once per overload */
    pairs[k].Name = LLVMOrcLLJITMangleAndIntern(j->lljit, s->name);
    pairs[k].Sym.Address = (LLVMOrcExecutorAddress)(uintptr_t)s->addr;
    pairs[k].Sym.Flags.GenericFlags = LLVMJITSymbolGenericFlagsExported | LLVMJITSymbolGenericFlagsCallable;
    pairs[k].Sym.Flags.TargetFlags = 0;
    k++;
  }
  LLVMOrcMaterializationUnitRef mu = LLVMOrcAbsoluteSymbols(pairs, k);
  free(pairs);
  LLVMErrorRef e = LLVMOrcJITDylibDefine(j->jd, mu);
  if (e) return error_out(e, "defining the standard library for the JIT", err, errlen);
  return 0;
}

int lv_jit_new(lv_jit **out, char *err, size_t errlen) {
  pthread_once(&init_once, init_llvm);
  lv_jit *j = calloc(1, sizeof *j);
  if (!j) abort();
  LLVMErrorRef e = LLVMOrcCreateLLJIT(&j->lljit, NULL);
  if (e) {
    free(j);
    return error_out(e, "creating the JIT", err, errlen);
  }
  j->es = LLVMOrcLLJITGetExecutionSession(j->lljit);
  /* A bare JITDylib: no process symbols, only the allow-list. */
  j->jd = LLVMOrcExecutionSessionCreateBareJITDylib(j->es, "levin.rules");
  if (define_allow_list(j, err, errlen) != 0) {
    LLVMErrorRef d = LLVMOrcDisposeLLJIT(j->lljit);
    if (d) LLVMConsumeError(d);
    free(j);
    return -1;
  }
  pthread_mutex_init(&j->lock, NULL);
  *out = j;
  return 0;
}

void lv_jit_free(lv_jit *j) {
  if (!j) return;
  LLVMErrorRef e = LLVMOrcDisposeLLJIT(j->lljit);
  if (e) LLVMConsumeError(e);
  pthread_mutex_destroy(&j->lock);
  free(j);
}

/* A target machine for the host, as the JIT compiles for it. */
static LLVMTargetMachineRef host_machine(int opt_level, char *err, size_t errlen) {
  char *triple = LLVMGetDefaultTargetTriple();
  char *cpu = LLVMGetHostCPUName();
  char *features = LLVMGetHostCPUFeatures();
  LLVMTargetRef target;
  char *msg = NULL;
  LLVMTargetMachineRef tm = NULL;
  if (LLVMGetTargetFromTriple(triple, &target, &msg)) {
    snprintf(err, errlen, "no LLVM target for %s: %s", triple, msg ? msg : "");
    LLVMDisposeMessage(msg);
  } else {
    LLVMCodeGenOptLevel cg = opt_level <= 0   ? LLVMCodeGenLevelNone
                             : opt_level == 1 ? LLVMCodeGenLevelLess
                             : opt_level == 2 ? LLVMCodeGenLevelDefault
                                              : LLVMCodeGenLevelAggressive;
    tm = LLVMCreateTargetMachine(target, triple, cpu, features, cg, LLVMRelocPIC, LLVMCodeModelDefault);
    if (!tm) snprintf(err, errlen, "cannot create an LLVM target machine for %s", triple);
  }
  LLVMDisposeMessage(triple);
  LLVMDisposeMessage(cpu);
  LLVMDisposeMessage(features);
  return tm;
}

/* Sets the module's triple and layout, then runs the new pass manager. */
static int optimize(LLVMModuleRef mod, LLVMTargetMachineRef tm, int opt_level, char *err, size_t errlen) {
  char *triple = LLVMGetTargetMachineTriple(tm);
  LLVMSetTarget(mod, triple);
  LLVMDisposeMessage(triple);
  LLVMTargetDataRef dl = LLVMCreateTargetDataLayout(tm);
  char *dls = LLVMCopyStringRepOfTargetData(dl);
  LLVMSetDataLayout(mod, dls);
  LLVMDisposeMessage(dls);
  LLVMDisposeTargetData(dl);
  if (opt_level <= 0) return 0;
  char pipeline[256];
  snprintf(pipeline, sizeof pipeline, "default<O%d>", opt_level > 3 ? 3 : opt_level);
  LLVMPassBuilderOptionsRef po = LLVMCreatePassBuilderOptions();
  LLVMErrorRef e = LLVMRunPasses(mod, pipeline, tm, po);
  LLVMDisposePassBuilderOptions(po);
  if (e) return error_out(e, "optimizing", err, errlen);
  return 0;
}

/* Refuses modules that call anything off the allow-list: a bug in
 * lowering, caught with a clear message instead of a link failure. */
static int check_calls(LLVMModuleRef mod, char *err, size_t errlen) {
  for (LLVMValueRef f = LLVMGetFirstFunction(mod); f; f = LLVMGetNextFunction(f)) {
    if (!LLVMIsDeclaration(f) || LLVMGetIntrinsicID(f)) continue;
    size_t n;
    const char *name = LLVMGetValueName2(f, &n);
    if (!lv_jit_allowed(name)) {
      snprintf(err, errlen, "generated code calls '%s', which is not on the allow-list", name);
      return -1;
    }
  }
  return 0;
}

static void dispose_lowered(lv_lowered *l) {
  if (l->mod) LLVMDisposeModule(l->mod);
  if (l->tsc) LLVMOrcDisposeThreadSafeContext(l->tsc);
  l->mod = NULL;
  l->tsc = NULL;
}

int lv_jit_add(lv_jit *j, lv_jit_unit **out, lv_lowered *l, int opt_level, char *err, size_t errlen) {
  if (check_calls(l->mod, err, errlen) != 0) {
    dispose_lowered(l);
    return -1;
  }
  pthread_mutex_lock(&j->lock);
  LLVMTargetMachineRef tm = host_machine(opt_level, err, errlen);
  int rc = tm ? optimize(l->mod, tm, opt_level, err, errlen) : -1;
  if (tm) LLVMDisposeTargetMachine(tm);
  pthread_mutex_unlock(&j->lock);
  if (rc != 0) {
    dispose_lowered(l);
    return -1;
  }
  /* Optimization may introduce calls (memcmp, memset): check again. */
  if (check_calls(l->mod, err, errlen) != 0) {
    dispose_lowered(l);
    return -1;
  }
  lv_jit_unit *u = calloc(1, sizeof *u);
  if (!u) abort();
  u->jit = j;
  u->rt = LLVMOrcJITDylibCreateResourceTracker(j->jd);
  LLVMOrcThreadSafeModuleRef tsm = LLVMOrcCreateNewThreadSafeModule(l->mod, l->tsc);
  l->mod = NULL; /* owned by the thread-safe module now */
  LLVMOrcDisposeThreadSafeContext(l->tsc);
  l->tsc = NULL;
  LLVMErrorRef e = LLVMOrcLLJITAddLLVMIRModuleWithRT(j->lljit, u->rt, tsm);
  if (e) {
    LLVMOrcDisposeThreadSafeModule(tsm);
    LLVMOrcReleaseResourceTracker(u->rt);
    free(u);
    return error_out(e, "adding code to the JIT", err, errlen);
  }
  *out = u;
  return 0;
}

typedef struct lookup_wait {
  pthread_mutex_t m;
  pthread_cond_t c;
  bool done;
  LLVMErrorRef err;
  LLVMOrcSymbolStringPoolEntryRef *names; /* to match results to requests */
  void **out;
  uint32_t n;
} lookup_wait;

static void on_lookup(LLVMErrorRef e, LLVMOrcCSymbolMapPairs result, size_t n, void *ctx) {
  lookup_wait *w = ctx;
  pthread_mutex_lock(&w->m);
  w->err = e;
  /* Results come in any order: match them by (interned) name. */
  for (size_t r = 0; !e && r < n; r++)
    for (uint32_t i = 0; i < w->n; i++)
      if (result[r].Name == w->names[i]) {
        w->out[i] = (void *)(uintptr_t)result[r].Sym.Address;
        break;
      }
  w->done = true;
  pthread_cond_signal(&w->c);
  pthread_mutex_unlock(&w->m);
}

int lv_jit_lookup_many(lv_jit *j, const char *const *names, uint32_t n, void **out, char *err, size_t errlen) {
  if (n == 0) return 0;
  lookup_wait w;
  memset(&w, 0, sizeof w);
  pthread_mutex_init(&w.m, NULL);
  pthread_cond_init(&w.c, NULL);
  w.out = out;
  w.n = n;
  w.names = calloc(n, sizeof *w.names);
  LLVMOrcCLookupSetElement *syms = calloc(n, sizeof *syms);
  if (!w.names || !syms) abort();
  for (uint32_t i = 0; i < n; i++) {
    out[i] = NULL;
    w.names[i] = LLVMOrcLLJITMangleAndIntern(j->lljit, names[i]);
    LLVMOrcRetainSymbolStringPoolEntry(w.names[i]); /* the lookup takes one reference */
    syms[i].Name = w.names[i];
    syms[i].LookupFlags = LLVMOrcSymbolLookupFlagsRequiredSymbol;
  }
  LLVMOrcCJITDylibSearchOrderElement order = {j->jd, LLVMOrcJITDylibLookupFlagsMatchAllSymbols};
  LLVMOrcExecutionSessionLookup(j->es, LLVMOrcLookupKindStatic, &order, 1, syms, n, on_lookup, &w);
  pthread_mutex_lock(&w.m);
  while (!w.done) pthread_cond_wait(&w.c, &w.m);
  pthread_mutex_unlock(&w.m);
  pthread_mutex_destroy(&w.m);
  pthread_cond_destroy(&w.c);
  for (uint32_t i = 0; i < n; i++) LLVMOrcReleaseSymbolStringPoolEntry(w.names[i]);
  free(w.names);
  free(syms);
  if (w.err) return error_out(w.err, "linking generated code", err, errlen);
  for (uint32_t i = 0; i < n; i++)
    if (!out[i]) {
      snprintf(err, errlen, "linking generated code: no address for %s", names[i]);
      return -1;
    }
  return 0;
}

void *lv_jit_lookup(lv_jit *j, const char *name, char *err, size_t errlen) {
  void *addr = NULL;
  return lv_jit_lookup_many(j, &name, 1, &addr, err, errlen) == 0 ? addr : NULL;
}

void lv_jit_remove(lv_jit_unit *u) {
  if (!u) return;
  LLVMErrorRef e = LLVMOrcResourceTrackerRemove(u->rt);
  if (e) LLVMConsumeError(e);
  LLVMOrcReleaseResourceTracker(u->rt);
  free(u);
}

/* --- parallel compilation ------------------------------------------------------------- */

static const char fast_pipeline[] = "function(sroa,early-cse,instcombine<no-verify-fixpoint>,simplifycfg)";

#define BATCH_QUEUE 2   /* modules waiting for a thread: bounds memory */
#define BATCH_THREADS 16

typedef struct batch_item {
  lv_lowered mod;
  LLVMMemoryBufferRef obj;
  char *err;
} batch_item;

struct lv_jit_batch {
  lv_jit *jit;
  lv_jit_tier tier;
  pthread_mutex_t m;
  pthread_cond_t more, room;
  batch_item *items; /* in submission order */
  uint32_t n, cap;
  uint32_t next;     /* first not yet taken by a thread */
  uint32_t busy;     /* taken, not yet compiled */
  bool closing;
  pthread_t threads[BATCH_THREADS];
  uint32_t nthreads;
};

/* One module: check, optimize, emit an object into memory. */
static void compile_one(lv_jit_tier tier, batch_item *it) {
  lv_lowered *l = &it->mod;
  char err[512] = "";
  int rc = check_calls(l->mod, err, sizeof err);
  LLVMTargetMachineRef tm = NULL;
  if (rc == 0) {
    tm = host_machine(tier == LV_TIER_FULL ? 2 : 0, err, sizeof err); /* optimizing isel, or fast isel */
    rc = tm ? 0 : -1;
  }
  if (rc == 0) rc = optimize(l->mod, tm, tier == LV_TIER_FULL ? 2 : 0, err, sizeof err);
  if (rc == 0 && tier == LV_TIER_FAST) {
    LLVMPassBuilderOptionsRef po = LLVMCreatePassBuilderOptions();
    LLVMErrorRef e = LLVMRunPasses(l->mod, fast_pipeline, tm, po);
    LLVMDisposePassBuilderOptions(po);
    if (e) rc = error_out(e, "optimizing", err, sizeof err);
  }
  if (rc == 0) rc = check_calls(l->mod, err, sizeof err);
  if (rc == 0) {
    char *msg = NULL;
    if (LLVMTargetMachineEmitToMemoryBuffer(tm, l->mod, LLVMObjectFile, &msg, &it->obj)) {
      snprintf(err, sizeof err, "code generation: %s", msg ? msg : "");
      rc = -1;
    }
    LLVMDisposeMessage(msg);
  }
  if (tm) LLVMDisposeTargetMachine(tm);
  dispose_lowered(l); /* free the module as soon as it is compiled */
  if (rc != 0) it->err = strdup(err);
}

static void *batch_worker(void *arg) {
  lv_jit_batch *b = arg;
  pthread_mutex_lock(&b->m);
  for (;;) {
    while (b->next == b->n && !b->closing) pthread_cond_wait(&b->more, &b->m);
    if (b->next == b->n) break;
    uint32_t i = b->next++;
    b->busy++;
    batch_item it = b->items[i];
    pthread_mutex_unlock(&b->m);
    compile_one(b->tier, &it);
    pthread_mutex_lock(&b->m);
    b->items[i].obj = it.obj; /* items may have moved while unlocked */
    b->items[i].err = it.err;
    b->items[i].mod = it.mod;
    b->busy--;
    pthread_cond_broadcast(&b->room);
  }
  pthread_mutex_unlock(&b->m);
  return NULL;
}

lv_jit_batch *lv_jit_batch_begin(lv_jit *j, lv_jit_tier tier) {
  pthread_once(&init_once, init_llvm);
  lv_jit_batch *b = calloc(1, sizeof *b);
  if (!b) abort();
  b->jit = j;
  b->tier = tier;
  pthread_mutex_init(&b->m, NULL);
  pthread_cond_init(&b->more, NULL);
  pthread_cond_init(&b->room, NULL);
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  uint32_t want = cpus > 1 ? (uint32_t)cpus : 1;
  if (want > BATCH_THREADS) want = BATCH_THREADS;
  for (uint32_t t = 0; t < want; t++)
    if (pthread_create(&b->threads[b->nthreads], NULL, batch_worker, b) == 0) b->nthreads++;
  return b;
}

void lv_jit_batch_add(lv_jit_batch *b, lv_lowered *module) {
  pthread_mutex_lock(&b->m);
  /* Wait while enough modules are queued or being compiled. */
  while (b->nthreads && (b->n - b->next) + b->busy >= b->nthreads + BATCH_QUEUE)
    pthread_cond_wait(&b->room, &b->m);
  if (b->n == b->cap) {
    b->cap = b->cap ? b->cap * 2 : 16;
    b->items = realloc(b->items, b->cap * sizeof *b->items);
    if (!b->items) abort();
  }
  memset(&b->items[b->n], 0, sizeof *b->items);
  b->items[b->n++].mod = *module;
  memset(module, 0, sizeof *module);
  pthread_cond_signal(&b->more);
  pthread_mutex_unlock(&b->m);
}

int lv_jit_batch_end(lv_jit_batch *b, lv_jit_unit **out, char *err, size_t errlen) {
  pthread_mutex_lock(&b->m);
  b->closing = true;
  pthread_cond_broadcast(&b->more);
  pthread_mutex_unlock(&b->m);
  for (uint32_t t = 0; t < b->nthreads; t++) pthread_join(b->threads[t], NULL);
  /* No thread could start: compile here. */
  for (uint32_t i = b->next; i < b->n; i++) compile_one(b->tier, &b->items[i]);
  int rc = 0;
  for (uint32_t i = 0; i < b->n; i++)
    if (b->items[i].err && rc == 0) {
      snprintf(err, errlen, "%s", b->items[i].err);
      rc = -1;
    }
  lv_jit_unit *u = NULL;
  if (rc == 0) {
    u = calloc(1, sizeof *u);
    if (!u) abort();
    u->jit = b->jit;
    u->rt = LLVMOrcJITDylibCreateResourceTracker(b->jit->jd);
  }
  for (uint32_t i = 0; i < b->n; i++) {
    free(b->items[i].err);
    if (!b->items[i].obj) continue;
    if (rc != 0) {
      LLVMDisposeMemoryBuffer(b->items[i].obj);
      continue;
    }
    LLVMErrorRef e = LLVMOrcLLJITAddObjectFileWithRT(b->jit->lljit, u->rt, b->items[i].obj); /* takes it */
    if (e) rc = error_out(e, "adding code to the JIT", err, errlen);
  }
  free(b->items);
  pthread_mutex_destroy(&b->m);
  pthread_cond_destroy(&b->more);
  pthread_cond_destroy(&b->room);
  free(b);
  if (rc != 0) {
    if (u) lv_jit_remove(u);
    return -1;
  }
  *out = u;
  return 0;
}

int lv_jit_emit(lv_lowered *l, int opt_level, const char *path, bool llvm_ir, char *err, size_t errlen) {
  pthread_once(&init_once, init_llvm);
  LLVMTargetMachineRef tm = host_machine(opt_level, err, errlen);
  int rc = -1;
  if (tm && optimize(l->mod, tm, opt_level, err, errlen) == 0) {
    char *msg = NULL;
    if (llvm_ir) {
      if (LLVMPrintModuleToFile(l->mod, path, &msg)) snprintf(err, errlen, "cannot write %s: %s", path, msg ? msg : "");
      else rc = 0;
    } else {
      if (LLVMTargetMachineEmitToFile(tm, l->mod, (char *)path, LLVMObjectFile, &msg))
        snprintf(err, errlen, "cannot write %s: %s", path, msg ? msg : "");
      else rc = 0;
    }
    LLVMDisposeMessage(msg);
  }
  if (tm) LLVMDisposeTargetMachine(tm);
  dispose_lowered(l);
  return rc;
}
