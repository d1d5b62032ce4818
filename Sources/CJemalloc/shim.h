// jemalloc replaces the C allocator for the whole `pension` process when it is linked in.
#include <jemalloc/jemalloc.h>
