// Debian's libzstd-dev: the one-shot API is all the trace files need.
#include <zstd.h>
