using System.Diagnostics.Metrics;
using DicomSegNode.Segmentation.Backends.Cuda;

namespace DicomSegNode.Segmentation.Tests.Backends.Cuda;

/// <summary>The GPU instruments are on the node's meter under the documented names.</summary>
public sealed class CudaMetricsTests
{
    [Fact]
    public void Instruments_OnDicomSegNodeMeter_HaveTheDocumentedNamesAndUnits()
    {
        var seen = new Dictionary<string, string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "DicomSegNode" && instrument.Name.StartsWith("dicomsegnode.", StringComparison.Ordinal))
            {
                lock (seen)
                {
                    seen[instrument.Name] = instrument.Unit;
                }
            }
        };
        RuntimeHelpersTouch();
        listener.Start();

        Assert.Equal("By", seen[CudaMetrics.MemoryInUse]);
        Assert.Equal("By", seen[CudaMetrics.MemoryReserved]);
        Assert.Equal("By", seen[CudaMetrics.MemoryTotal]);
        Assert.True(seen.ContainsKey(CudaMetrics.DeviceInfo));
        Assert.Equal("s", seen[CudaMetrics.StageDuration]);
    }

    [Fact]
    public void RecordStage_PublishesSecondsWithStageAndDeviceTags()
    {
        var recorded = new List<(double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CudaMetrics.MeterName && instrument.Name == CudaMetrics.StageDuration)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var map = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value;
            }

            lock (recorded)
            {
                recorded.Add((value, map));
            }
        });
        RuntimeHelpersTouch();
        listener.Start();

        CudaMetrics.RecordStage("liver-test", "Test GPU", 1.25);

        var mine = Assert.Single(recorded, r => Equals(r.Tags["stage"], "liver-test"));
        Assert.Equal(1.25, mine.Value);
        Assert.Equal("Test GPU", mine.Tags["device"]);
    }

    // Runs the static constructor so the instruments exist before the listener starts.
    private static void RuntimeHelpersTouch() => System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(CudaMetrics).TypeHandle);
}
