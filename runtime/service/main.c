/* main.c - levind: Levin rules on NATS. docs/levind.md describes it. */
#include <stdio.h>

#include "metrics/log.h"
#include "service/config.h"
#include "service/service.h"

int main(int argc, char **argv) {
  lv_config cfg;
  int rc = lv_config_load(&cfg, argc, argv);
  if (rc == LV_CONFIG_EXIT_OK || rc == LV_CONFIG_EXIT_USAGE) {
    lv_config_free(&cfg);
    return rc == LV_CONFIG_EXIT_OK ? 0 : 2;
  }
  if (cfg.check_config) {
    lv_buf b = LV_BUF_INIT;
    lv_config_print(&cfg, &b);
    fputs(b.data, stdout);
    lv_buf_free(&b);
    lv_config_free(&cfg);
    return 0;
  }
  lv_log_setup(cfg.log_level, 2);
  rc = lv_service_run(&cfg);
  lv_config_free(&cfg);
  return rc;
}
