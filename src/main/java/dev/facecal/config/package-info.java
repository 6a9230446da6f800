/**
 * The one place facecal reads its environment ({@link dev.facecal.config.Configuration}): cache, model folder, data
 * mirror, cascades, YuNet, the project folder. Everything below takes explicit folders; the command line and the
 * notebooks resolve them here and pass them down.
 */
package dev.facecal.config;
