/* libyal includes <Synchapi.h> as Microsoft spells it; mingw-w64 installs it lower-case. */
#include <synchapi.h>
