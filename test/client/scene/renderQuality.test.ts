import { describe, expect, it } from 'vitest';
import { isSoftwareRenderer } from '../../../client/scene/renderQuality';

describe('isSoftwareRenderer', () => {
  it.each([
    // What Chromium, Firefox and Edge report where the CPU draws.
    ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', true],
    ['Google SwiftShader', true],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', true],
    ['Mesa OffScreen (softpipe)', true],
    ['ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)', true],
    ['ANGLE (Unknown, Microsoft WARP (0x0000008C) Direct3D11 vs_5_0 ps_5_0, D3D11)', true],
    // GPUs.
    ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)', false],
    ['ANGLE (Intel, Mesa Intel(R) UHD Graphics 630 (CFL GT2), OpenGL 4.6)', false],
    ['AMD Radeon Pro 5500M OpenGL Engine', false],
    ['Apple M2', false],
    ['WebKit WebGL', false],
    ['', false],
  ])('%s → %s', (name, software) => {
    expect(isSoftwareRenderer(name)).toBe(software);
  });
});
