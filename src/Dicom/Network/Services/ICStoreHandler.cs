using System.IO.Pipelines;
using DicomSegNode.Dicom.Network.Dimse;

namespace DicomSegNode.Dicom.Network.Services;

/// <summary>Receives C-STORE data sets as they arrive (PS3.4 B.2): <paramref name="dataSet"/> yields the data set bytes,
/// in the request's transfer syntax, fragment by fragment while the peer is still sending, so a handler that writes
/// them to disk needs memory for one fragment, not for the instance. Return the status to send (success or a warning),
/// or throw <see cref="DimseStatusException"/> for a failure status with an error comment.</summary>
public interface ICStoreHandler
{
    /// <summary>Stores one instance; reads <paramref name="dataSet"/> to its end.</summary>
    ValueTask<DimseStatus> StoreAsync(CStoreRequest request, PipeReader dataSet, CancellationToken cancellationToken);
}
