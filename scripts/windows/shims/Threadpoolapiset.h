/* libyal includes <Threadpoolapiset.h> as Microsoft spells it; mingw-w64 installs it lower-case. */
#include <threadpoolapiset.h>
