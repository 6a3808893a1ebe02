import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The client lives in client/; `npm run build` writes dist/client, which the server serves.
export default defineConfig({
  root: 'client',
  publicDir: false,
  plugins: [react()],
  build: { outDir: '../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 2000, sourcemap: true },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/socket.io': { target: 'http://127.0.0.1:8080', ws: true },
    },
  },
});
