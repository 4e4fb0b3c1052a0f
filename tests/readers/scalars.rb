# Reads a JSON array of plain scalars on stdin and prints, for each, what Psych (as Jekyll calls it)
# and SafeYAML 1.0.5 (when its lib folder is given as the first argument) read as the value of `v: <scalar>`,
# as typed values (typed.rb).
require "json"
require "psych"
require "date"
require_relative "typed"

safe_yaml = ARGV[0]
if safe_yaml
  $LOAD_PATH.unshift(safe_yaml)
  require "safe_yaml/load"
end

def read
  NewsrecordTyped.encode(yield)
rescue StandardError, Psych::Exception => e
  NewsrecordTyped.error(e)
end

readings = JSON.parse($stdin.read).map do |scalar|
  yaml = "v: #{scalar}\n"
  reading = { "psych" => read { Psych.safe_load(yaml, permitted_classes: [Date, Time], aliases: true)["v"] } }
  reading["safe_yaml"] = read { SafeYAML.load(yaml)["v"] } if safe_yaml
  reading
end
puts JSON.generate(readings)
