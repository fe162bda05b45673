"""Loaders, geometry, label maps, losses and augmentation of the training pipeline (unittest)."""
from __future__ import annotations

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import nibabel as nib  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

from dicomsegnode_train.augment import AugmentConfig, augment  # noqa: E402
from dicomsegnode_train.datasets import detect_format, iter_cases, read_phantom  # noqa: E402
from dicomsegnode_train.io_dicom import write_series  # noqa: E402
from dicomsegnode_train.io_nifti import LPS_TO_RAS, write_nifti_labels  # noqa: E402
from dicomsegnode_train.losses import dice_ce_loss, dice_per_class  # noqa: E402
from dicomsegnode_train.prepare import prepare  # noqa: E402
from dicomsegnode_train.tasks import LIVER, VESSEL  # noqa: E402
from dicomsegnode_train.volume import Volume, crop_roi, resample  # noqa: E402


def _save(path, arr_zyx, spacing=(2.0, 1.0, 1.0), dtype=np.int16):
    aff = np.diag([spacing[2], spacing[1], spacing[0], 1.0])
    nib.save(nib.Nifti1Image(np.transpose(arr_zyx, (2, 1, 0)).astype(dtype), aff), path)


def _msd(root, labels, n_slices=(10, 40)):
    os.makedirs(os.path.join(root, "imagesTr"))
    os.makedirs(os.path.join(root, "labelsTr"))
    with open(os.path.join(root, "dataset.json"), "w") as f:
        json.dump({"labels": labels}, f)
    for i, n in enumerate(n_slices):
        lab = np.zeros((n, 16, 16), np.uint8)
        lab[2:5, 4:10, 4:10] = 1
        lab[3, 6:8, 6:8] = 2
        _save(os.path.join(root, "imagesTr", f"case_{i}.nii.gz"), np.full((n, 16, 16), 100, np.int16))
        _save(os.path.join(root, "labelsTr", f"case_{i}.nii.gz"), lab, dtype=np.uint8)


class DecathlonTests(unittest.TestCase):
    def test_liver_task_folder_is_detected_and_labels_kept(self):
        with tempfile.TemporaryDirectory() as d:
            _msd(d, {"0": "background", "1": "liver", "2": "cancer"})
            self.assertEqual(detect_format(d), "msd")
            cases = list(iter_cases(d))
            self.assertEqual([k for _, k in cases], ["msd-liver", "msd-liver"])
            p = prepare(cases[0][0], "msd-liver", LIVER)
            self.assertEqual(set(np.unique(p.labels)), {0, 1, 2})

    def test_slice_filter_skips_long_series(self):
        with tempfile.TemporaryDirectory() as d:
            _msd(d, {"0": "background", "1": "Vessel", "2": "Tumour"}, n_slices=(10, 40))
            kept = [v.slices for v, _ in iter_cases(d, max_slices=-1, msd_default_max_slices=30)]
            self.assertEqual(kept, [10])
            self.assertEqual(len(list(iter_cases(d, max_slices=0, msd_default_max_slices=30))), 2)

    def test_vessel_task_rejects_liver_labels(self):
        with tempfile.TemporaryDirectory() as d:
            _msd(d, {"0": "background", "1": "liver", "2": "cancer"})
            vol, kind = next(iter_cases(d))
            with self.assertRaises(ValueError):
                prepare(vol, kind, VESSEL)

    def test_unknown_labels_in_dataset_json_is_a_clear_error(self):
        with tempfile.TemporaryDirectory() as d:
            _msd(d, {"0": "background", "1": "spleen"})
            with self.assertRaisesRegex(ValueError, "neither Task03_Liver nor Task08"):
                list(iter_cases(d))


class NiftiPairTests(unittest.TestCase):
    def test_image_and_label_suffix_pairs_are_matched(self):
        with tempfile.TemporaryDirectory() as d:
            _save(os.path.join(d, "a_image.nii.gz"), np.zeros((4, 8, 8), np.int16))
            _save(os.path.join(d, "a_label.nii.gz"), np.ones((4, 8, 8), np.uint8), dtype=np.uint8)
            _save(os.path.join(d, "b_image.nii.gz"), np.zeros((4, 8, 8), np.int16))
            cases = list(iter_cases(d))
            self.assertEqual([v.name for v, _ in cases], ["a"])
            self.assertEqual(cases[0][0].spacing, (2.0, 1.0, 1.0))

    def test_truncated_nifti_is_a_clear_error(self):
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "images"))
            os.makedirs(os.path.join(d, "labels"))
            _save(os.path.join(d, "images", "x.nii"), np.zeros((4, 8, 8), np.int16))
            _save(os.path.join(d, "labels", "x.nii"), np.zeros((4, 8, 8), np.uint8), dtype=np.uint8)
            path = os.path.join(d, "images", "x.nii")
            with open(path, "r+b") as f:
                f.truncate(200)
            with self.assertRaisesRegex(ValueError, "not a readable NIfTI"):
                list(iter_cases(d))


class PhantomFolderTests(unittest.TestCase):
    def _write(self, d, labels, flip_x=False, shift=0.0):
        hu = np.linspace(-100, 200, labels.size, dtype=np.float32).reshape(labels.shape)
        write_series(os.path.join(d, "dicom"), hu, (2.5, 0.8, 0.8), (-10.0, -20.0, 30.0))
        aff = np.eye(4)
        aff[0, 0], aff[1, 1], aff[2, 2] = 0.8, 0.8, 2.5
        aff[:3, 3] = (-10.0 + shift, -20.0, 30.0)
        if flip_x:  # store the x axis reversed, as a RAS-canonical writer would
            ras = LPS_TO_RAS @ aff
            data = np.transpose(labels, (2, 1, 0))[::-1]
            ras[:3, 0] *= -1
            ras[:3, 3] = ras[:3, 3] - ras[:3, 0] * (labels.shape[2] - 1)
            nib.save(nib.Nifti1Image(np.ascontiguousarray(data), ras), os.path.join(d, "labels.nii.gz"))
        else:
            write_nifti_labels(os.path.join(d, "labels.nii.gz"), labels, aff)
        return hu

    def _labels(self):
        lab = np.zeros((5, 12, 10), np.uint8)
        lab[1:4, 2:9, 1:5] = 1
        lab[2, 4:6, 2:4] = 2
        lab[3, 3, 1:4] = 3
        return lab

    def test_series_and_labels_read_on_one_grid(self):
        with tempfile.TemporaryDirectory() as d:
            lab = self._labels()
            hu = self._write(d, lab)
            v = read_phantom(d)
            np.testing.assert_array_equal(v.labels, lab)
            np.testing.assert_allclose(v.image, np.round(hu), atol=0.5)
            self.assertAlmostEqual(v.spacing[0], 2.5)

    def test_label_map_stored_with_flipped_axis_is_reoriented(self):
        with tempfile.TemporaryDirectory() as d:
            lab = self._labels()
            self._write(d, lab, flip_x=True)
            np.testing.assert_array_equal(read_phantom(d).labels, lab)

    def test_label_map_on_another_grid_is_rejected(self):
        with tempfile.TemporaryDirectory() as d:
            self._write(d, self._labels(), shift=5.0)
            with self.assertRaisesRegex(ValueError, "not the series origin"):
                read_phantom(d)

    def test_truncated_dicom_slice_is_a_clear_error(self):
        with tempfile.TemporaryDirectory() as d:
            self._write(d, self._labels())
            path = os.path.join(d, "dicom", "slice0002.dcm")
            size = os.path.getsize(path)
            with open(path, "r+b") as f:
                f.truncate(size - 100)
            with self.assertRaises(ValueError):
                read_phantom(d)

    def test_phantom_labels_map_to_each_model(self):
        lab = self._labels()
        np.testing.assert_array_equal(np.unique(LIVER.map_labels(lab, "phantom")), [0, 1, 2])
        self.assertEqual(int((LIVER.map_labels(lab, "phantom") == 1).sum()), int(((lab == 1) | (lab == 3)).sum()))
        v = VESSEL.map_labels(lab, "phantom")
        self.assertEqual(int((v == 1).sum()), int((lab == 3).sum()))
        self.assertEqual(int((v == 2).sum()), int((lab == 2).sum()))


class VolumeTests(unittest.TestCase):
    def test_roi_crop_keeps_margin_inside_the_volume(self):
        img = np.zeros((10, 20, 20), np.float32)
        mask = np.zeros_like(img, dtype=bool)
        mask[4:6, 8:12, 0:3] = True
        roi = crop_roi(Volume("v", img, mask.astype(np.uint8), (2.0, 1.0, 1.0)), mask, (2.0, 2.0, 2.0))
        self.assertEqual(roi.image.shape, (4, 8, 5))
        self.assertIsNone(crop_roi(Volume("v", img, None, (2.0, 1.0, 1.0)), np.zeros_like(mask), (1, 1, 1)))

    def test_resample_halves_grid_and_keeps_labels(self):
        lab = np.zeros((4, 8, 8), np.uint8)
        lab[:, :4, :4] = 2
        v = resample(Volume("v", np.zeros((4, 8, 8), np.float32), lab, (3.0, 1.0, 1.0)), (None, 2.0, 2.0))
        self.assertEqual(v.image.shape, (4, 4, 4))
        self.assertEqual(v.spacing, (3.0, 2.0, 2.0))
        self.assertEqual(int((v.labels == 2).sum()), 4 * 2 * 2)


class LossTests(unittest.TestCase):
    def test_dice_per_class_excludes_background_and_marks_absent_classes(self):
        truth = np.array([0, 1, 1, 1, 0, 0])
        pred = np.array([0, 1, 1, 0, 1, 0])
        d = dice_per_class(pred, truth, 3)
        self.assertAlmostEqual(d[0], 2 * 2 / (3 + 3))
        self.assertTrue(np.isnan(d[1]))

    def test_confident_right_answer_has_lower_loss_than_wrong_one(self):
        target = torch.tensor([[[0, 1], [2, 1]]])
        right = torch.nn.functional.one_hot(target, 3).movedim(-1, 1).float() * 20
        wrong = right.roll(1, dims=1)
        self.assertLess(float(dice_ce_loss(right, target)), 0.01)
        self.assertGreater(float(dice_ce_loss(wrong, target)), 1.0)


class AugmentTests(unittest.TestCase):
    def test_spatial_transforms_move_image_and_labels_together(self):
        g = torch.Generator().manual_seed(1)
        lab = torch.zeros(6, 32, 32, dtype=torch.long)
        lab[:, 5:15, 8:20] = 1
        lab[:, 20:25, 20:28] = 2
        img = lab.float().unsqueeze(1).clone()
        cfg = AugmentConfig(flip_axes=(0, 1), p_rotate=1.0, p_scale=1.0, p_elastic=1.0, p_intensity=0, p_noise=0)
        a_img, a_lab = augment(img, lab, cfg, g)
        self.assertEqual(set(a_lab.unique().tolist()) - {0, 1, 2}, set())
        agree = (a_img.squeeze(1).round().long() == a_lab).float().mean()
        self.assertGreater(float(agree), 0.97)
        self.assertFalse(torch.equal(a_lab, lab))


if __name__ == "__main__":
    unittest.main()
