namespace DicomSegNode.Segmentation.Volumes;

/// <summary>NIfTI-1 voxel data types we read (nifti1.h DT_* codes); we write UInt8 and Float32.</summary>
public enum NiftiDataType : short
{
    UInt8 = 2,
    Int16 = 4,
    Int32 = 8,
    Float32 = 16,
    Float64 = 64,
    Int8 = 256,
    UInt16 = 512,
}
