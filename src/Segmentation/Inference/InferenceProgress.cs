namespace DicomSegNode.Segmentation.Inference;

/// <summary>Sliding-window progress: patches done out of the total for this volume.</summary>
public readonly record struct InferenceProgress(int PatchesDone, int PatchesTotal);
