# Reads a JSON array of plain scalars on stdin and prints, for each, what Psych (as Jekyll calls it)
# and SafeYAML 1.0.5 (when its lib folder is given as the first argument) read as the value of `v: <scalar>`.
require "json"
require "psych"
require "date"

safe_yaml = ARGV[0]
if safe_yaml
  $LOAD_PATH.unshift(safe_yaml)
  require "safe_yaml/load"
end

def encode(value)
  case value
  when nil then ["null"]
  when true, false then ["bool", value]
  when Integer then ["int", value.to_s]
  when Float then ["float", value.nan? ? "nan" : value.infinite? ? (value > 0 ? "inf" : "-inf") : value.to_s]
  when String then ["str", value]
  when Time then ["time", value.to_r.to_s, value.utc_offset]
  when Date then ["date", value.year, value.month, value.day]
  else ["other", value.class.to_s]
  end
end

def read
  encode(yield)
rescue StandardError, Psych::Exception => e
  ["error", e.class.to_s]
end

readings = JSON.parse($stdin.read).map do |scalar|
  yaml = "v: #{scalar}\n"
  reading = { "psych" => read { Psych.safe_load(yaml, permitted_classes: [Date, Time], aliases: true)["v"] } }
  reading["safe_yaml"] = read { SafeYAML.load(yaml)["v"] } if safe_yaml
  reading
end
puts JSON.generate(readings)
