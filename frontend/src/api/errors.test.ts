import { describe, expect, it } from 'vitest'
import { ApiError, call, toApiError } from './errors'

describe('toApiError', () => {
  it('keeps code and message from the Go error formatter', () => {
    const e = toApiError({ code: 'not_found', message: 'chat not found' })
    expect(e).toBeInstanceOf(ApiError)
    expect(e.code).toBe('not_found')
    expect(e.message).toBe('chat not found')
  })
  it('maps unknown codes and plain strings to internal', () => {
    expect(toApiError({ code: 'weird', message: 'x' }).code).toBe('internal')
    expect(toApiError('boom').message).toBe('boom')
    expect(toApiError('{"code":"invalid","message":"bad"}').code).toBe('invalid')
  })
  it('reads code and message out of the Error Wails rejects with', () => {
    const e = toApiError(new Error('{"code":"invalid","message":"the archive was refused: damaged"}'))
    expect(e.code).toBe('invalid')
    expect(e.message).toBe('the archive was refused: damaged')
    expect(toApiError(new Error('{not json')).message).toBe('{not json')
  })
  it('call rethrows as ApiError', async () => {
    await expect(call(Promise.reject({ code: 'conflict', message: 'exists' }))).rejects.toMatchObject({
      code: 'conflict',
      message: 'exists',
    })
  })
})
