/*
 * TEST-ONLY stand-in for bcryptprimitives.dll, used in the wine prefix of
 * packaging/windows/build_under_wine.py. Never shipped: the build checks that no
 * bcryptprimitives.dll ends up in the frozen app.
 *
 * Rust's standard library (1.78 and later) takes its random numbers from ProcessPrng, which
 * Windows 10 exports from bcryptprimitives.dll and wine 8 lacks: cryptography's _rust.pyd
 * (the update feed's Ed25519 check) then fails with "DLL load failed". Here ProcessPrng asks
 * wine's BCryptGenRandom for the system RNG, so the bytes are real random bytes.
 */
#include <windows.h>
#include <bcrypt.h>

#define EXPORT __declspec(dllexport)

EXPORT BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size > 0) {
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
