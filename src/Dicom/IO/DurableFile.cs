using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DicomSegNode.Dicom.IO;

/// <summary>
/// Makes a written file's contents durable before a peer is told it is stored. On Linux this is fdatasync(2): the data
/// and the metadata needed to read it back (the size) reach the disk, without the separate journal commit for
/// timestamps that fsync(2) adds; elsewhere it is <see cref="FileStream.Flush(bool)"/>.
/// </summary>
public static partial class DurableFile
{
    public static void FlushData(FileStream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        file.Flush();
        if (OperatingSystem.IsLinux())
        {
            if (FdDataSync(file.SafeFileHandle) != 0)
            {
                throw new IOException($"fdatasync failed for '{file.Name}' (errno {Marshal.GetLastPInvokeError()})");
            }

            return;
        }

        file.Flush(flushToDisk: true);
    }

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int FdDataSync(SafeFileHandle fd);
}
