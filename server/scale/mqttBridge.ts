// The MQTT bridge lives with the other device gateways (server/devices); re-exported for the cluster wiring.
export { MqttBridge, type IngestFn, type MqttBridgeOptions } from '../devices/mqttBridge';
