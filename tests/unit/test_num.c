/* Double formatting: shortest round trip in each of its three forms. */
#include "check.h"
#include "lv_num.h"

#include <math.h>

static const char *str(double d) { static char b[LV_DOUBLE_BUF]; lv_double_to_string(b, d); return b; }
static const char *json(double d) { static char b[LV_DOUBLE_BUF]; lv_double_to_json(b, d); return b; }
static const char *cel(double d) { static char b[LV_DOUBLE_BUF]; lv_double_to_cel(b, d); return b; }

int main(void) {
  CHECK_STR(str(123.456), "123.456");
  CHECK_STR(str(-4.5e-3), "-0.0045");
  CHECK_STR(str(100), "100");
  CHECK_STR(str(123456), "123456");
  CHECK_STR(str(1e6), "1e+06");
  CHECK_STR(str(1e-5), "1e-05");
  CHECK_STR(str(0.1), "0.1");
  CHECK_STR(str(-0.0), "-0");
  CHECK_STR(str(NAN), "NaN");
  CHECK_STR(str(-INFINITY), "-Inf");
  CHECK_STR(str(1e100), "1e+100");
  CHECK_STR(json(1.5), "1.5");
  CHECK_STR(json(100), "100");
  CHECK_STR(json(1e21), "1e+21");
  CHECK_STR(json(1e20), "100000000000000000000");
  CHECK_STR(json(1e-7), "1e-7");
  CHECK_STR(json(0.000001), "0.000001");
  CHECK_STR(json(NAN), "\"NaN\"");
  CHECK_STR(json(0.0), "0");
  CHECK_STR(json(-0.0), "-0"); /* read back as -0.0 by the decoder */
  CHECK_STR(cel(1), "1.0");
  CHECK_STR(cel(-2.5e-10), "-2.5e-10");
  CHECK_STR(cel(1e100), "1e+100");
  CHECK_STR(cel(0.1 + 0.2), "0.30000000000000004");
  CHECK_STR(cel(INFINITY), "double(\"Infinity\")");
  CHECK_STR(cel(-0.0), "-0.0");
  CHECK_STR(cel(5e-324), "5e-324");
  CHECK_STR(cel(1.7976931348623157e308), "1.7976931348623157e+308");
  return check_done();
}
