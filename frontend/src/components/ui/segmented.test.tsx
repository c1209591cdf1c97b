import { useState } from 'react'
import { describe, expect, it } from 'vitest'
import { fireEvent, render, screen } from '@testing-library/react'
import { Segmented } from './segmented'

function Theme() {
  const [v, setV] = useState<'light' | 'dark' | 'system'>('light')
  return (
    <Segmented
      label="Theme"
      value={v}
      onChange={setV}
      options={[
        { value: 'light', label: 'Light' },
        { value: 'dark', label: 'Dark' },
        { value: 'system', label: 'System' },
      ]}
    />
  )
}

describe('Segmented', () => {
  it('is one Tab stop, the chosen option, and the arrow keys choose and move the focus', () => {
    render(<Theme />)
    const radio = (name: string) => screen.getByRole('radio', { name })
    expect(radio('Light')).toHaveAttribute('tabindex', '0')
    expect(radio('Dark')).toHaveAttribute('tabindex', '-1')

    radio('Light').focus()
    fireEvent.keyDown(radio('Light'), { key: 'ArrowRight' })
    expect(radio('Dark')).toHaveAttribute('aria-checked', 'true')
    expect(radio('Dark')).toHaveFocus()
    expect(radio('Dark')).toHaveAttribute('tabindex', '0')
    expect(radio('Light')).toHaveAttribute('tabindex', '-1')

    fireEvent.keyDown(radio('Dark'), { key: 'ArrowLeft' })
    fireEvent.keyDown(radio('Light'), { key: 'ArrowLeft' })
    expect(radio('System')).toHaveAttribute('aria-checked', 'true')
    expect(radio('System')).toHaveFocus()
  })
})
