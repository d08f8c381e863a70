#include "CPKCS11.h"

#include <dlfcn.h>
#include <stdio.h>

typedef CK_RV (*get_function_list)(CK_FUNCTION_LIST **);

const CK_FUNCTION_LIST *vidk_pkcs11_load(const char *path, char *error, unsigned long error_size) {
    // RTLD_NODELETE: a module is never unloaded while a signer may still hold its functions.
    void *module = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (module == NULL) {
        snprintf(error, error_size, "%s", dlerror());
        return NULL;
    }
    get_function_list entry = (get_function_list)dlsym(module, "C_GetFunctionList");
    CK_FUNCTION_LIST *list = NULL;
    if (entry == NULL || entry(&list) != CKR_OK || list == NULL) {
        snprintf(error, error_size, "%s has no usable C_GetFunctionList", path);
        return NULL;
    }
    return list;
}
