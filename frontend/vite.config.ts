/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import tailwindcss from '@tailwindcss/vite'
import { fileURLToPath, URL } from 'node:url'

// KaTeX offers each of its fonts as woff2, woff and ttf. Every engine the app
// runs in (WebKitGTK, WebView2) takes the first, woff2, so the other two only
// added 0.9 MB to the binary, which is mapped whole into memory
// (docs/PERFORMANCE.md).
function katexWoff2Only(): Plugin {
  return {
    name: 'katex-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/katex(\.min)?\.css($|\?)/.test(id)) return null
      return code.replace(/,\s*url\([^)]*\.(woff|ttf)\) format\("(woff|truetype)"\)/g, '')
    },
  }
}

export default defineConfig({
  plugins: [katexWoff2Only(), react(), tailwindcss()],
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
