/* symbols.c - the allow-list: the only host functions generated code may
 * call. Every PURE and ERR symbol of stdlib/builtins.def, the helpers in
 * lv_builtins.h and lv_values.h that lowering calls, and the few C library
 * functions LLVM itself emits calls to. */
#include <math.h>
#include <string.h>

#include "jit/symbols.h"
#include "lv_builtins.h"
#include "lv_math.h"
#include "lv_regex.h"
#include "lv_string.h"
#include "lv_time.h"
#include "lv_values.h"

#define ADDR_INLINE(sym) NULL
#define ADDR_PURE(sym) ((void *)&sym)
#define ADDR_ERR(sym) ((void *)&sym)

const lv_jit_symbol lv_jit_symbols[] = {
#define B(id, name, style, sig, impl, sym) {#sym, ADDR_##impl(sym)},
#include "builtins.def"
#undef B
    /* Called by lowering directly. */
    {"lv_err_static", (void *)&lv_err_static},
    {"lv_err_no_field", (void *)&lv_err_no_field},
    {"lv_err_no_key", (void *)&lv_err_no_key},
    {"lv_err_type_mismatch", (void *)&lv_err_type_mismatch},
    {"lv_builtin_check_elements", (void *)&lv_builtin_check_elements},
    {"lv_builtin_div_zero", (void *)&lv_builtin_div_zero},
    {"lv_builtin_index_error", (void *)&lv_builtin_index_error},
    {"lv_builtin_no_overload", (void *)&lv_builtin_no_overload},
    {"lv_builtin_optional_none_error", (void *)&lv_builtin_optional_none_error},
    {"lv_builtin_undeclared", (void *)&lv_builtin_undeclared},
    {"lv_builtin_alloc_zeroed", (void *)&lv_builtin_alloc_zeroed},
    {"lv_builtin_optional_of", (void *)&lv_builtin_optional_of},
    {"lv_builtin_optional_of_non_zero", (void *)&lv_builtin_optional_of_non_zero},
    {"lv_builtin_map_get", (void *)&lv_builtin_map_get},
    {"lv_builtin_index_optional", (void *)&lv_builtin_index_optional},
    {"lv_builtin_subject_token", (void *)&lv_builtin_subject_token},
    {"lv_builtin_join_parts", (void *)&lv_builtin_join_parts},
    {"lv_string_index_of", (void *)&lv_string_index_of},
    {"lv_string_last_index_of", (void *)&lv_string_last_index_of},
    {"lv_string_replace", (void *)&lv_string_replace},
    {"lv_string_split", (void *)&lv_string_split},
    {"lv_string_substring", (void *)&lv_string_substring},
    {"lv_list_join", (void *)&lv_list_join},
    {"lv_string_matches", (void *)&lv_string_matches},
    {"lv_regex_match", (void *)&lv_regex_match},
    {"lv_bytes_compare", (void *)&lv_bytes_compare},
    {"lv_time_cmp", (void *)&lv_time_cmp},
    {"lv_timestamp_get", (void *)&lv_timestamp_get},
    {"lv_duration_get", (void *)&lv_duration_get},
    {"lv_timestamp_add_duration", (void *)&lv_timestamp_add_duration},
    {"lv_math_abs_int", (void *)&lv_math_abs_int},
    {"lv_math_shift_left", (void *)&lv_math_shift_left},
    {"lv_math_shift_right", (void *)&lv_math_shift_right},
    {"lv_math_greatest", (void *)&lv_math_greatest},
    {"lv_math_least", (void *)&lv_math_least},
    {"lv_list_new", (void *)&lv_list_new},
    {"lv_map_new", (void *)&lv_map_new},
    {"lv_map_find", (void *)&lv_map_find},
    {"lv_map_find_str", (void *)&lv_map_find_str},
    {"lv_value_equal", (void *)&lv_value_equal},
    {"lv_dyn_in", (void *)&lv_dyn_in},
    {"lv_dyn_index", (void *)&lv_dyn_index},
    {"lv_dyn_select", (void *)&lv_dyn_select},
    {"lv_dyn_has", (void *)&lv_dyn_has},
    {"lv_dyn_type", (void *)&lv_dyn_type},
    /* The C library, for calls LLVM emits (memcmp expansion, memcpy and
     * memset intrinsics, math intrinsics without an instruction). */
    {"memcmp", (void *)&memcmp},
    {"memcpy", (void *)&memcpy},
    {"memmove", (void *)&memmove},
    {"memset", (void *)&memset},
    {"bcmp", (void *)&memcmp},
    {"round", (void *)&round},
    {"ceil", (void *)&ceil},
    {"floor", (void *)&floor},
    {"trunc", (void *)&trunc},
    {"sqrt", (void *)&sqrt},
    {"fabs", (void *)&fabs},
    {NULL, NULL},
};
