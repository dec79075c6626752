/* libyal includes <Processthreadsapi.h> as Microsoft spells it; mingw-w64 installs it lower-case. */
#include <processthreadsapi.h>
