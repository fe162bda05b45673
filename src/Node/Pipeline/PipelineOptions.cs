namespace DicomSegNode.Node.Pipeline;

/// <summary>Configuration section <c>Pipeline</c>: when a series is complete, which models run it, and where.</summary>
public sealed class PipelineOptions
{
    public const string SectionName = "Pipeline";

    /// <summary>A series is taken for segmentation once no instance of it arrived for this many seconds.</summary>
    public int QuietPeriodSeconds { get; set; } = 30;

    /// <summary>Folder holding the <c>liver/</c> and <c>vessel/</c> model packages; empty = <c>models/</c> beside the executable, else <c>./models</c>.</summary>
    public string ModelsDir { get; set; } = "";

    /// <summary><c>auto</c> (CUDA when present, else CPU), <c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>DICOM SEG Series Number.</summary>
    public int SegSeriesNumber { get; set; } = 901;

    /// <summary>DICOM SEG Series Description.</summary>
    public string SegSeriesDescription { get; set; } = "AI liver segmentation";

    /// <summary>Use SCT 123037004 instead of SCT 91723000 for "Anatomical Structure" (for viewers that only know the older code).</summary>
    public bool LegacyAnatomicalStructureCode { get; set; }

    /// <summary>Hours the instances of a finished series stay under <c>done/</c>, so that late instances of the series are segmented together with them.</summary>
    public int KeepSourcesHours { get; set; } = 24;
}
