import { Page } from '@/components/layout/Page'

/** ModelsPage lists providers and their models. */
export function ModelsPage() {
  return (
    <Page title="Models">
      <p className="text-muted-foreground">Providers and models.</p>
    </Page>
  )
}
