/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import tailwindcss from '@tailwindcss/vite'
import { fileURLToPath, URL } from 'node:url'

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    // The tracked dist/placeholder.txt is copied back from public/ on every build.
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
  server: { strictPort: false },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // Bounds on waiting, not timings: a loaded machine (CI, parallel builds)
    // renders slowly, and a test should fail on what it sees, not on speed.
    testTimeout: 20_000,
  },
})
