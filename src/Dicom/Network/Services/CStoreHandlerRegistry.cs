using System.IO.Pipelines;
using DicomSegNode.Dicom.Network.Dimse;

namespace DicomSegNode.Dicom.Network.Services;

/// <summary>C-STORE handlers registered by SOP Class UID (PS3.4 B.5), with an optional fallback for every other
/// Storage SOP class; a class with neither is answered 0122 (SOP class not supported, PS3.7 C.5.9). Register before
/// the server starts: lookups are not locked.</summary>
public sealed class CStoreHandlerRegistry : ICStoreHandler
{
    private readonly Dictionary<string, ICStoreHandler> _handlers = new(StringComparer.Ordinal);

    /// <summary>Creates a registry; <paramref name="fallback"/> serves SOP classes without their own handler.</summary>
    public CStoreHandlerRegistry(ICStoreHandler? fallback = null)
    {
        Fallback = fallback;
    }

    /// <summary>The handler for SOP classes without their own, if any.</summary>
    public ICStoreHandler? Fallback { get; }

    /// <summary>Registers <paramref name="handler"/> for <paramref name="sopClassUid"/> (replacing an earlier one).</summary>
    public CStoreHandlerRegistry Register(string sopClassUid, ICStoreHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(sopClassUid);
        _handlers[sopClassUid] = handler ?? throw new ArgumentNullException(nameof(handler));
        return this;
    }

    /// <summary>The handler that serves <paramref name="sopClassUid"/>, or null.</summary>
    public ICStoreHandler? Resolve(string sopClassUid) => _handlers.GetValueOrDefault(sopClassUid) ?? Fallback;

    /// <inheritdoc/>
    public async ValueTask<DimseStatus> StoreAsync(CStoreRequest request, PipeReader dataSet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var handler = Resolve(request.SopClassUid);
        if (handler is null)
        {
            throw new DimseStatusException(DimseStatus.SopClassNotSupported, "No handler for this SOP class");
        }

        return await handler.StoreAsync(request, dataSet, cancellationToken);
    }
}
