/*
 * TEST-ONLY stand-in for Windows 10's system icuuc.dll, used in the wine prefix of
 * packaging/windows/build_under_wine.py. Never shipped: the build checks that no icuuc.dll
 * ends up in the frozen app.
 *
 * Qt >= 6.10's Qt6Core.dll imports ICU's converter functions from the system icuuc.dll,
 * which wine 8 does not have. Every converter open fails here, so Qt falls back to its
 * built-in UTF-8/UTF-16/Latin-1 codecs, which is all the app uses.
 */
#include <stddef.h>
#include <stdint.h>

#define EXPORT __declspec(dllexport)

typedef int UErrorCode;             /* > 0 means failure */
typedef uint16_t UChar;
typedef struct UConverter UConverter;
typedef void (*UConverterCallback)(void);

enum { U_UNSUPPORTED_ERROR = 16 };

static void fail(UErrorCode *status)
{
    if (status != NULL && *status <= 0)
        *status = U_UNSUPPORTED_ERROR;
}

EXPORT UConverter *ucnv_open(const char *name, UErrorCode *status)
{
    (void)name;
    fail(status);
    return NULL;
}

EXPORT void ucnv_close(UConverter *cnv) { (void)cnv; }
EXPORT void ucnv_reset(UConverter *cnv) { (void)cnv; }
EXPORT int8_t ucnv_getMaxCharSize(const UConverter *cnv) { (void)cnv; return 1; }

EXPORT const char *ucnv_getName(const UConverter *cnv, UErrorCode *status)
{
    (void)cnv;
    fail(status);
    return NULL;
}

EXPORT void ucnv_getToUCallBack(const UConverter *cnv, UConverterCallback *action,
                                const void **context)
{
    (void)cnv;
    if (action) *action = NULL;
    if (context) *context = NULL;
}

EXPORT void ucnv_getFromUCallBack(const UConverter *cnv, UConverterCallback *action,
                                  const void **context)
{
    (void)cnv;
    if (action) *action = NULL;
    if (context) *context = NULL;
}

EXPORT void ucnv_setToUCallBack(UConverter *cnv, UConverterCallback action, const void *context,
                                UConverterCallback *old_action, const void **old_context,
                                UErrorCode *status)
{
    (void)cnv; (void)action; (void)context; (void)old_action; (void)old_context;
    fail(status);
}

EXPORT void ucnv_setFromUCallBack(UConverter *cnv, UConverterCallback action,
                                  const void *context, UConverterCallback *old_action,
                                  const void **old_context, UErrorCode *status)
{
    (void)cnv; (void)action; (void)context; (void)old_action; (void)old_context;
    fail(status);
}

EXPORT void ucnv_cbToUWriteUChars(void *args, const UChar *source, int32_t length,
                                  int32_t offset, UErrorCode *status)
{
    (void)args; (void)source; (void)length; (void)offset;
    fail(status);
}

EXPORT void ucnv_cbFromUWriteUChars(void *args, const UChar **source, const UChar *limit,
                                    int32_t offset, UErrorCode *status)
{
    (void)args; (void)source; (void)limit; (void)offset;
    fail(status);
}

EXPORT void ucnv_toUnicode(UConverter *cnv, UChar **target, const UChar *target_limit,
                           const char **source, const char *source_limit, int32_t *offsets,
                           int8_t flush, UErrorCode *status)
{
    (void)cnv; (void)target; (void)target_limit; (void)source; (void)source_limit;
    (void)offsets; (void)flush;
    fail(status);
}

EXPORT void ucnv_fromUnicode(UConverter *cnv, char **target, const char *target_limit,
                             const UChar **source, const UChar *source_limit, int32_t *offsets,
                             int8_t flush, UErrorCode *status)
{
    (void)cnv; (void)target; (void)target_limit; (void)source; (void)source_limit;
    (void)offsets; (void)flush;
    fail(status);
}

EXPORT int32_t ucnv_toUCountPending(const UConverter *cnv, UErrorCode *status)
{
    (void)cnv;
    fail(status);
    return 0;
}

EXPORT int32_t ucnv_fromUCountPending(const UConverter *cnv, UErrorCode *status)
{
    (void)cnv;
    fail(status);
    return 0;
}

EXPORT const char *ucnv_getStandardName(const char *name, const char *standard,
                                        UErrorCode *status)
{
    (void)name; (void)standard;
    fail(status);
    return NULL;
}

EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }

EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *context, void *args,
                                            const UChar *units, int32_t length,
                                            int32_t code_point, int reason, UErrorCode *status)
{
    (void)context; (void)args; (void)units; (void)length; (void)code_point; (void)reason;
    fail(status);
}

EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const char *bytes,
                                          int32_t length, int reason, UErrorCode *status)
{
    (void)context; (void)args; (void)bytes; (void)length; (void)reason;
    fail(status);
}
