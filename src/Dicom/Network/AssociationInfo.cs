using System.Net;

namespace DicomSegNode.Dicom.Network;

/// <summary>What a DIMSE handler may know about the association it serves (no patient data).</summary>
public sealed record AssociationInfo(long Id, string CallingAeTitle, string CalledAeTitle, EndPoint? RemoteEndPoint, string? ClientCertificateSubject);
