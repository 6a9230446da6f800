/**
 * The reference studies' protocols and published figures (seed 001's Mix protocol, seed 004's split threshold study),
 * returning plain result records; their tables live in {@code notebook}. Above {@code pipeline}, below presentation.
 */
package dev.facecal.study;
