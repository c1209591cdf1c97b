import * as M from '../../wailsjs/go/models/API'
import { call } from './errors'
import type { Defaults, KeychainState, Model, ParamSupport, Preset, Profile, Provider, ProviderInput, Template, TestResult } from './types'
import { wire } from './wire'

export const modelsApi = {
  presets: (): Promise<Preset[]> => call(M.Presets()),
  keychain: (): Promise<KeychainState> => call(M.Keychain()),
  listProviders: (): Promise<Provider[]> => call(M.ListProviders()),
  addProvider: (input: ProviderInput): Promise<Provider> => call(M.AddProvider(wire(input))),
  updateProvider: (id: string, input: ProviderInput): Promise<Provider> => call(M.UpdateProvider(id, wire(input))),
  setProviderEnabled: (id: string, enabled: boolean): Promise<Provider> => call(M.SetProviderEnabled(id, enabled)),
  removeProvider: (id: string): Promise<void> => call(M.RemoveProvider(id)),
  testProvider: (id: string): Promise<TestResult> => call(M.TestProvider(id)),
  refreshModels: (id: string): Promise<Model[]> => call(M.RefreshModels(id)),
  listModels: (providerId: string): Promise<Model[]> => call(M.ListModels(providerId)),
  enabledModels: (): Promise<Model[]> => call(M.EnabledModels()),
  setModelEnabled: (id: string, enabled: boolean): Promise<void> => call(M.SetModelEnabled(id, enabled)),
  defaults: (): Promise<Defaults> => call(M.Defaults()),
  setDefaults: (d: Defaults): Promise<Defaults> => call(M.SetDefaults(wire(d))),
  paramSupport: (ref: string): Promise<ParamSupport> => call(M.ParamSupport(ref)),
  pullModel: (providerId: string, model: string): Promise<void> => call(M.PullModel(providerId, model)),
  cancelPull: (providerId: string, model: string): Promise<void> => call(M.CancelPull(providerId, model)),
  deleteLocalModel: (providerId: string, model: string): Promise<void> => call(M.DeleteLocalModel(providerId, model)),
  listProfiles: (workspaceId: string): Promise<Profile[]> => call(M.ListProfiles(workspaceId)),
  saveProfile: (p: Profile): Promise<Profile> => call(M.SaveProfile(wire(p))),
  deleteProfile: (id: string): Promise<void> => call(M.DeleteProfile(id)),
  listTemplates: (workspaceId: string): Promise<Template[]> => call(M.ListTemplates(workspaceId)),
  saveTemplate: (t: Template): Promise<Template> => call(M.SaveTemplate(wire(t))),
  deleteTemplate: (id: string): Promise<void> => call(M.DeleteTemplate(id)),
  renderTemplate: (id: string, values: Record<string, string>): Promise<string> => call(M.RenderTemplate(id, values)),
}
