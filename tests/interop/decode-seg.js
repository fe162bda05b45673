#!/usr/bin/env node
// Decodes a DICOM Segmentation object with dcmjs (the library OHIF loads SEG with) and prints, as JSON,
// every frame's segment number, plane position, source image and its mask (one byte per pixel, base64),
// so the Seg2DicomSeg tests can compare dcmjs's view of a SEG with what our encoder meant.
// Usage: node decode-seg.js <seg.dcm>
'use strict';
const fs = require('fs');
const dcmjs = require('dcmjs');

// dcmjs naturalizes a sequence to an array of items; a few older paths hand back a single object.
const first = (v) => (Array.isArray(v) ? v[0] : v);

function main(path) {
  const bytes = fs.readFileSync(path);
  const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const dicomData = dcmjs.data.DicomMessage.readFile(arrayBuffer);
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dicomData.dict);

  const rows = ds.Rows;
  const cols = ds.Columns;
  const frameCount = Number(ds.NumberOfFrames || 1);
  const pixelsPerFrame = rows * cols;
  const pixelData = Array.isArray(ds.PixelData) ? ds.PixelData[0] : ds.PixelData;

  let unpacked;
  if (ds.SegmentationType === 'BINARY') {
    // The same call OHIF's SEG adapter makes: bits across frame boundaries, least significant bit first.
    unpacked = dcmjs.data.BitArray.unpack(pixelData);
  } else {
    unpacked = new Uint8Array(pixelData);
  }
  if (unpacked.length < frameCount * pixelsPerFrame) {
    throw new Error(`pixel data holds ${unpacked.length} pixels, ${frameCount} frames need ${frameCount * pixelsPerFrame}`);
  }

  const shared = first(ds.SharedFunctionalGroupsSequence) || {};
  const perFrame = ds.PerFrameFunctionalGroupsSequence || [];
  const frames = [];
  for (let f = 0; f < frameCount; f++) {
    const item = perFrame[f] || {};
    const segId = first(item.SegmentIdentificationSequence) || first(shared.SegmentIdentificationSequence);
    const plane = first(item.PlanePositionSequence) || first(shared.PlanePositionSequence);
    const derivation = first(item.DerivationImageSequence);
    const source = derivation ? first(derivation.SourceImageSequence) : undefined;
    // dcmjs unpacks a set bit to 255; the tests compare 0/1 masks (FRACTIONAL keeps its stored values).
    const mask = Buffer.from(unpacked.subarray(f * pixelsPerFrame, (f + 1) * pixelsPerFrame));
    if (ds.SegmentationType === 'BINARY') {
      for (let i = 0; i < mask.length; i++) mask[i] = mask[i] ? 1 : 0;
    }
    frames.push({
      segmentNumber: segId ? segId.ReferencedSegmentNumber : null,
      imagePositionPatient: plane ? plane.ImagePositionPatient.map(Number) : null,
      sourceSopInstanceUid: source ? source.ReferencedSOPInstanceUID : null,
      mask: mask.toString('base64'),
    });
  }

  const segments = (ds.SegmentSequence || []).map((s) => ({
    number: s.SegmentNumber,
    label: s.SegmentLabel,
    category: first(s.SegmentedPropertyCategoryCodeSequence).CodeValue,
    type: first(s.SegmentedPropertyTypeCodeSequence).CodeValue,
  }));

  process.stdout.write(JSON.stringify({
    sopInstanceUid: ds.SOPInstanceUID,
    segmentationType: ds.SegmentationType,
    rows,
    columns: cols,
    segments,
    frames,
  }));
}

if (process.argv.length !== 3) {
  process.stderr.write('usage: node decode-seg.js <seg.dcm>\n');
  process.exit(2);
}
try {
  main(process.argv[2]);
} catch (e) {
  process.stderr.write(`decode-seg: ${e.message}\n`);
  process.exit(1);
}
