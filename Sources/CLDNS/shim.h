#ifndef CLDNS_SHIM_H
#define CLDNS_SHIM_H
/* stdbool must come first, or ldns defines bool as signed char. */
#include <stdbool.h>
#include <ldns/ldns.h>
#endif
