import { useAppStore } from '@/features/app/store'

/**
 * useEmbeddingFix is the one click that turns keyword-only search into hybrid
 * search: the Models page, where an embedding model is picked (or pulled,
 * for Ollama) and set as the default.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function useEmbeddingFix(_workspaceId: string, _onChanged: () => void): { label: string; run: () => void } {
  const navigate = useAppStore((s) => s.navigate)
  return { label: 'Choose an embedding model', run: () => navigate('models') }
}
