#ifndef PENSION_CRDKAFKA_SHIM_H
#define PENSION_CRDKAFKA_SHIM_H
#include <librdkafka/rdkafka.h>
#endif
