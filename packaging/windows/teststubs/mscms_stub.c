/*
 * TEST-ONLY stand-in for mscms.dll (Windows colour management), used in the wine prefix of
 * packaging/windows/build_under_wine.py. Never shipped: the build checks that no mscms.dll
 * ends up in the frozen app.
 *
 * Qt's qwindows.dll asks for the screen's colour profile through WcsCreateIccProfile, which
 * wine 8 does not implement (the process crashes under Xvfb). Every call fails here, so Qt
 * assumes sRGB.
 */
#include <windows.h>

#define EXPORT __declspec(dllexport)

typedef HANDLE HPROFILE;

EXPORT HPROFILE WINAPI OpenColorProfileW(void *profile, DWORD access, DWORD share,
                                         DWORD creation)
{
    (void)profile; (void)access; (void)share; (void)creation;
    SetLastError(ERROR_NOT_SUPPORTED);
    return NULL;
}

EXPORT HPROFILE WINAPI OpenColorProfileA(void *profile, DWORD access, DWORD share,
                                         DWORD creation)
{
    (void)profile; (void)access; (void)share; (void)creation;
    SetLastError(ERROR_NOT_SUPPORTED);
    return NULL;
}

EXPORT BOOL WINAPI CloseColorProfile(HPROFILE profile)
{
    (void)profile;
    return FALSE;
}

EXPORT BOOL WINAPI GetColorProfileFromHandle(HPROFILE profile, BYTE *buffer, DWORD *size)
{
    (void)profile; (void)buffer;
    if (size) *size = 0;
    SetLastError(ERROR_NOT_SUPPORTED);
    return FALSE;
}

EXPORT HPROFILE WINAPI WcsCreateIccProfile(HPROFILE profile, DWORD options)
{
    (void)profile; (void)options;
    SetLastError(ERROR_NOT_SUPPORTED);
    return NULL;
}
