namespace DicomSegNode.Segmentation.Phantom;

/// <summary>
/// The phantom's label map values. 1-3 are the classes the cascade segments (as in the Medical Segmentation Decathlon
/// liver and hepatic-vessel tasks); the other organs are numbered above 3 so that they can be ignored or trained on.
/// </summary>
public static class PhantomLabels
{
    public const byte Background = 0;
    public const byte LiverParenchyma = 1;
    public const byte LiverTumour = 2;
    public const byte HepaticVessel = 3;
    public const byte Spleen = 4;
    public const byte RightKidney = 5;
    public const byte LeftKidney = 6;
    public const byte Stomach = 7;
    public const byte Bone = 8;
    public const byte Aorta = 9;
    public const byte InferiorVenaCava = 10;
    public const byte Muscle = 11;
    public const byte PortalVeinOutsideLiver = 12;
    public const byte SubcutaneousFat = 13;

    /// <summary>Every label with its name, in label order.</summary>
    public static IReadOnlyList<(byte Label, string Name)> All { get; } =
    [
        (Background, "background (air, visceral fat, table)"),
        (LiverParenchyma, "liver parenchyma"),
        (LiverTumour, "liver tumour"),
        (HepaticVessel, "hepatic vessel (portal and hepatic veins inside the liver)"),
        (Spleen, "spleen"),
        (RightKidney, "right kidney"),
        (LeftKidney, "left kidney"),
        (Stomach, "stomach (wall and contents)"),
        (Bone, "bone (vertebrae, ribs)"),
        (Aorta, "aorta"),
        (InferiorVenaCava, "inferior vena cava"),
        (Muscle, "muscle (abdominal wall, paraspinal, psoas)"),
        (PortalVeinOutsideLiver, "portal vein outside the liver"),
        (SubcutaneousFat, "subcutaneous fat"),
    ];
}
