namespace DicomSegNode.Segmentation.Tests.Backends;

/// <summary>Tests that read process-wide counters run with no other test beside them.</summary>
[CollectionDefinition(nameof(CpuAllocationTests), DisableParallelization = true)]
public sealed class CpuAllocationTestsCollection;
